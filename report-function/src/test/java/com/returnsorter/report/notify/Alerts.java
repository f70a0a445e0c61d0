package com.returnsorter.report.notify;

import com.returnsorter.events.RunStatus;
import com.returnsorter.report.alerts.AlertRecord;
import com.returnsorter.report.alerts.Notification;
import com.returnsorter.report.alerts.Severity;
import com.returnsorter.report.history.RunRecord;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;

/** Alerts and runs as the alert rules make them. */
final class Alerts {

    static final String RUN_ID = "20261122_020000_abc123";
    static final String DASHBOARD = "https://report.example.com/dashboard";
    static final String REPORT = "https://report.example.com/runs/" + RUN_ID + "/report.html";
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private Alerts() {
    }

    static RunRecord run(RunStatus status, int total, int failed, int lowConfidence, Map<String, Integer> categories,
                         String errorMessage) {
        int successful = total - failed;
        return new RunRecord(RUN_ID, "scheduled", false,
                Instant.parse("2026-11-22T02:00:00Z"), Instant.parse("2026-11-22T02:12:30Z"), 750.0,
                total, successful, failed, successful - lowConfidence, lowConfidence, failed - 2, 2,
                total == 0 ? 100.0 : successful * 100.0 / total, status, errorMessage, categories,
                new RunRecord.Confidence(successful - lowConfidence - 10, 10, lowConfidence),
                new RunRecord.Reports("reports/" + RUN_ID + "/results.csv", "reports/" + RUN_ID + "/summary.json",
                        "reports/" + RUN_ID + "/report.html"),
                new RunRecord.Model("fashion-mnist-cnn", "1.2.0"), "returns-bucket", total, null,
                Instant.parse("2026-11-22T02:12:31Z"));
    }

    static RunRecord partialRun() {
        return run(RunStatus.PARTIAL, 250, 30, 57,
                Map.of("Trouser", 40, "Dress", 90, "Bag", 40, "Sneaker", 43), "predict timed out for 2 photos");
    }

    static Notification notification(String rule, Severity severity, String subject, String message, RunRecord run) {
        AlertRecord alert = new AlertRecord(RUN_ID + "-" + rule, Instant.parse("2026-11-22T02:12:32Z"), severity, rule,
                subject, message, run.runId(), Map.of(), false, null, null);
        return new Notification(alert, run, REPORT, DASHBOARD, BERLIN);
    }

    static Notification highErrorRate() {
        return notification("high-error-rate", Severity.ERROR, "12.0 % of the photos failed",
                "30 of 250 photos failed (28 rejected, 2 left in incoming/).", partialRun());
    }

    static Notification lowConfidence() {
        return notification("low-confidence", Severity.WARNING, "57 photos to review",
                "57 photos were classified below 0.70 and wait in review/.", partialRun());
    }

    /** The high-error-rate alert with a low-confidence-share alert of the same run in the same message. */
    static Notification withRelated() {
        Notification main = highErrorRate();
        AlertRecord share = new AlertRecord(RUN_ID + "-low-confidence-share", Instant.parse("2026-11-22T02:12:32Z"),
                Severity.WARNING, "low-confidence-share", "26.4 % of the photos of run " + RUN_ID
                + " below the review threshold", "57 of 220 classified photos", RUN_ID, Map.of(), false, null, null);
        return new Notification(main.alert(), main.run(), REPORT, DASHBOARD, BERLIN, java.util.List.of(share));
    }

    static Notification missedRun() {
        AlertRecord alert = new AlertRecord("20261123-missed-run", Instant.parse("2026-11-23T15:00:00Z"),
                Severity.WARNING, "missed-run", "No finished run in 36 h",
                "The last finished run was 20261122_020000_abc123, 37 h ago.", null, Map.of(), false, null, null);
        return new Notification(alert, null, null, DASHBOARD, BERLIN);
    }
}
