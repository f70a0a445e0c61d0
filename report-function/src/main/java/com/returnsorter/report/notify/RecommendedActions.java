package com.returnsorter.report.notify;

import com.returnsorter.report.history.RunRecord;
import io.micronaut.core.annotation.Nullable;

import java.util.ArrayList;
import java.util.List;

/** What the people on call should do about an alert, per rule (DESIGN.md, alert rules). */
final class RecommendedActions {

    private RecommendedActions() {
    }

    static List<String> forRule(String rule, @Nullable RunRecord run) {
        return switch (rule) {
            case "run-failed" -> List.of(
                    "Check the predict function: GET /health must answer 200 with model_loaded true; read its logs "
                            + "in Cloud Logging around the time of the run.",
                    "Read the batch service's logs for this run; the error above says where it stopped.",
                    "Nothing is lost: the photos are still in incoming/. Once the cause is fixed, start a run by hand "
                            + "with POST /runs on the batch service, or let the next nightly run pick them up.");
            case "high-error-rate" -> List.of(
                    "Look at the photos in rejected/ and at the error column of results.csv: corrupt, empty or "
                            + "unsupported files point at the camera or the upload.",
                    "Photos left in incoming/ after timeouts or 5xx answers are retried by the next run; many of them "
                            + "point at the predict function's health or capacity (Cloud Run logs and metrics).",
                    "Once fixed, start a run by hand with POST /runs instead of waiting for the night.");
            case "low-confidence" -> List.of(
                    (run == null ? "The photos" : run.lowConfidence() + " photos")
                            + " wait in review/<Category>/: check each one and move it to the right "
                            + "processed/<Category>/ folder.",
                    "Many uncertain photos at once often mean unusual items, poor lighting or a busy background; "
                            + "if it persists, the model needs retraining on recent returns.");
            case "slow-run" -> List.of(
                    "Compare the duration with earlier runs on the dashboard: a larger batch explains part of it.",
                    "Check the predict function's latency and its Cloud Run limits (max instances, concurrency, CPU) "
                            + "and the batch concurrency setting.");
            case "missed-run" -> List.of(
                    "Check the Cloud Scheduler job: its last attempt, its status and that it publishes to the "
                            + "batch-trigger topic.",
                    "Check the batch service's logs and the batch-trigger push subscription (failed pushes, "
                            + "dead-lettered messages).",
                    "Photos wait in incoming/: once the cause is found, start a run by hand with POST /runs.");
            case "review-backlog" -> List.of(
                    "Open the review queue (review/<Category>/ in the bucket) and decide each photo: move it to "
                            + "the right processed/<Category>/ folder, or delete it when it is not a return.",
                    "Nothing deletes these photos by itself: the alert comes back every day until the oldest has "
                            + "been decided.");
            case "low-confidence-share" -> List.of(
                    "Open the review queue and look at a few of the photos: if they are unlike the usual ones (another "
                            + "camera, lighting, background) fix the photo station; if the items are new kinds, the model "
                            + "needs the reviewers' corrections (docs/models.md, retraining).",
                    "GET /quality shows how often the reviewers kept the model's category.");
            case "category-drift" -> List.of(
                    "Look at a few photos of the categories named above in processed/ and review/: a real change of "
                            + "the returns (a promotion, a season) needs nothing; the model seeing the photos differently does.",
                    "Compare with the categories chart of the dashboard over the last 30 days.");
            case "live-accuracy-drop" -> List.of(
                    "Open the dashboard's live accuracy section or GET /quality: the reviewers' confusion table "
                            + "shows which categories the model confuses.",
                    "If a new model was promoted recently, roll back to the previous one by configuration "
                            + "(docs/models.md); otherwise retrain with the corrections.");
            case "run-summary" -> summary(run);
            default -> List.of("Open the dashboard for the details of the run.");
        };
    }

    private static List<String> summary(@Nullable RunRecord run) {
        List<String> actions = new ArrayList<>();
        if (run != null && run.lowConfidence() > 0) {
            actions.add(run.lowConfidence() + " photos wait in review/<Category>/ for a check by hand.");
        }
        if (run != null && run.rejected() > 0) {
            actions.add(run.rejected() + " photos are in rejected/: results.csv says why.");
        }
        if (actions.isEmpty()) {
            actions.add("Nothing to do.");
        }
        return actions;
    }
}
