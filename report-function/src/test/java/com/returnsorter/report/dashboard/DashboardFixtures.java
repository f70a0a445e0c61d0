package com.returnsorter.report.dashboard;

import com.returnsorter.events.RunStatus;
import com.returnsorter.pages.Pages;
import com.returnsorter.report.alerts.AlertRecord;
import com.returnsorter.report.alerts.ChannelDelivery;
import com.returnsorter.report.alerts.Severity;
import com.returnsorter.report.history.RunRecord;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Run histories for the dashboard tests: Berlin time, rendered on Tuesday 3 March 2026 at 09:15. */
final class DashboardFixtures {

    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    static final Instant NOW = Instant.parse("2026-03-03T08:15:00Z");
    static final LocalDate TODAY = LocalDate.of(2026, 3, 3);
    /** Wednesday 4 March, 02:00 CET. */
    static final Instant NEXT_RUN = Instant.parse("2026-03-04T01:00:00Z");
    static final String HOSTILE = "<img src=x onerror=alert(1)>";
    static final List<String> LABELS = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private DashboardFixtures() {
    }

    /** The page as the browser gets it: the dashboard template with the model of {@code view}. */
    static String render(DashboardView view) {
        return Pages.render(DashboardPage.VIEW, DashboardPage.model(view));
    }

    static DashboardView view(List<RunRecord> runs, List<AlertRecord> alerts) {
        return new DashboardView(NOW, ZONE, 30, runs, alerts, NEXT_RUN, Duration.ofMinutes(5), Duration.ofHours(36));
    }

    /** The nightly run of {@code daysAgo} days before today, at 02:00 Berlin time. */
    static Instant night(int daysAgo) {
        return TODAY.minusDays(daysAgo).atTime(LocalTime.of(2, 0)).atZone(ZONE).toInstant();
    }

    /**
     * A run with figures that agree with each other.
     *
     * @param failed photos rejected or left in incoming/
     * @param review photos below the review threshold
     */
    static RunRecord run(String runId, Instant startedAt, int images, int failed, int review, RunStatus status,
                         boolean dryRun, Map<String, Integer> categories) {
        int successful = images - failed;
        int high = Math.max(0, (successful - review) * 7 / 10);
        int medium = Math.max(0, successful - review - high);
        double rate = images == 0 ? 100 : successful * 100.0 / images;
        double seconds = 40 + images * 1.7;
        return new RunRecord(runId, "scheduled", dryRun, startedAt, startedAt.plusSeconds((long) seconds), seconds,
                images, successful, failed, successful - review, review, failed / 2, failed - failed / 2, rate, status,
                status == RunStatus.FAILED ? "POST /predict answered 503 Service Unavailable for 5 minutes" : null,
                categories, new RunRecord.Confidence(high, medium, review),
                new RunRecord.Reports("reports/" + runId + "/results.csv", "reports/" + runId + "/summary.json",
                        "reports/" + runId + "/report.html"),
                new RunRecord.Model("fashion-mnist-cnn", "1.0.0"), "returns-bucket", images, null,
                startedAt.plusSeconds((long) seconds + 1));
    }

    /** A simple successful run with all its photos in one category. */
    static RunRecord run(String runId, Instant startedAt, int images, int failed) {
        return run(runId, startedAt, images, failed, 0, failed == 0 ? RunStatus.SUCCESS : RunStatus.PARTIAL, false,
                Map.of("Dress", images - failed));
    }

    /**
     * {@code count} nights, newest first, from last night back: mostly good, a partial night now and
     * then, a failed night 9 days ago, a dry run 4 days ago and a manual re-run on the morning of day 1.
     */
    static List<RunRecord> nights(int count, long seed) {
        Random random = new Random(seed);
        List<RunRecord> runs = new ArrayList<>();
        for (int daysAgo = 0; runs.size() < count; daysAgo++) {
            Instant started = night(daysAgo);
            String id = runId(started, random);
            int images = 170 + random.nextInt(150);
            if (daysAgo == 9) {
                runs.add(run(id, started, images, images, 0, RunStatus.FAILED, false, Map.of()));
                continue;
            }
            int roll = random.nextInt(10);
            int failed = roll < 6 ? 0 : roll < 9 ? 1 + random.nextInt(3) : 8 + random.nextInt(30);
            int review = 10 + random.nextInt(40);
            RunStatus status = failed == 0 ? RunStatus.SUCCESS : RunStatus.PARTIAL;
            if (daysAgo == 1 && runs.size() + 1 < count) {
                Instant rerun = started.plus(Duration.ofHours(9));
                runs.add(run(runId(rerun, random), rerun, 42, 1, 6, RunStatus.PARTIAL, false, categories(41, random)));
            }
            runs.add(run(id, started, images, failed, review, status, daysAgo == 4,
                    categories(images - failed, random)));
        }
        return List.copyOf(runs);
    }

    static List<AlertRecord> alerts() {
        Instant at = night(0).plusSeconds(600);
        ChannelDelivery delivered = new ChannelDelivery(ChannelDelivery.State.DELIVERED, 1, at, at, "slack-webhook", null);
        ChannelDelivery failedMail = new ChannelDelivery(ChannelDelivery.State.FAILED, 2, at, null, "smtp:mail.example.com",
                "421 try again later");
        return List.of(
                new AlertRecord("20260303_010000_ab12cd-low-confidence", at, Severity.WARNING, "low-confidence",
                        "58 photos need review", "58 photos scored below 70 %. Check review/ this morning.",
                        "20260303_010000_ab12cd", Map.of("slack", delivered), false, null, null),
                new AlertRecord("20260222_010000_zz99yy-run-failed", night(9).plusSeconds(300), Severity.CRITICAL, "run-failed",
                        "The nightly sort failed", "POST /predict answered 503 Service Unavailable for 5 minutes.",
                        "20260222_010000_zz99yy", Map.of("slack", delivered, "email", failedMail), true,
                        night(9).plusSeconds(4 * 3600), "anna@example.com"),
                new AlertRecord("20260303_010000_ab12cd-run-summary", at, Severity.INFO, "run-summary",
                        "Nightly sort: 231 photos sorted", "231 sorted, 3 failed.", "20260303_010000_ab12cd",
                        Map.of("slack", ChannelDelivery.PENDING), false, null, null));
    }

    private static String runId(Instant started, Random random) {
        String stamp = started.toString().substring(0, 19).replace("-", "").replace(":", "").replace("T", "_");
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            suffix.append((char) ('a' + random.nextInt(26)));
        }
        return stamp + "_" + suffix;
    }

    /** {@code total} photos over the labels, roughly as a night's returns fall. */
    private static Map<String, Integer> categories(int total, Random random) {
        Map<String, Integer> categories = new LinkedHashMap<>();
        for (int i = 0; i < total; i++) {
            String label = LABELS.get(Math.min(LABELS.size() - 1, (int) Math.abs(random.nextGaussian() * 3.2)));
            categories.merge(label, 1, Integer::sum);
        }
        return categories;
    }
}
