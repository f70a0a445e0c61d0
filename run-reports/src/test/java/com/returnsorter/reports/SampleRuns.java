package com.returnsorter.reports;

import com.returnsorter.events.ConfidenceBands;
import com.returnsorter.events.ItemStatus;
import com.returnsorter.events.RunStatus;
import com.returnsorter.events.RunSummary;
import com.returnsorter.events.TriggerReason;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Realistic runs for the report tests: items, and a summary whose figures agree with them. */
final class SampleRuns {

    static final Instant STARTED = Instant.parse("2024-05-14T02:00:03Z");
    static final String RUN_ID = "20240514_020000_k3x9qa";
    static final List<String> LABELS = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** Names a night's upload really has now and then; {@link #night} sends them to review so the page shows them. */
    static final Map<Integer, String> AWKWARD = Map.of(
            3, "Mantel größe L — Rücksendung #4711?.jpg",
            5, "<script>alert(\"x\")</script> & \"quotes\".png",
            8, "return_2024-05-13_customer-4711_order-99812733_item-3_photo-front-side-closeup-final.jpeg");

    private SampleRuns() {
    }

    /** A night of {@code count} photos: mostly sorted, some to review, a few rejected or left in incoming. */
    static List<ItemResult> night(int count, long seed) {
        Random random = new Random(seed);
        List<ItemResult> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Instant at = STARTED.plusMillis(800L * i + random.nextInt(500));
            String name = AWKWARD.getOrDefault(i, String.format("IMG_%04d.jpg", 1200 + i));
            String object = (i == 3 ? "incoming/2024-05-13 evening/" : "incoming/") + name;
            int roll = random.nextInt(100);
            if (AWKWARD.containsKey(i)) {
                roll = 10;
            }
            if (roll < 4) {
                String[][] reasons = {
                        {"not-an-image", "the file is a PDF document, not a photo"},
                        {"corrupt", "JPEG data ends after 4,096 of 812,233 bytes"},
                        {"too-large", "48,000,000 pixels is more than the limit of 40,000,000"},
                        {"empty", "the file has 0 bytes"}};
                String[] reason = reasons[random.nextInt(reasons.length)];
                String rejectedName = reason[0].equals("not-an-image") ? name.replace(".jpg", ".pdf") : name;
                items.add(new ItemResult("incoming/" + rejectedName, rejectedName, null, null, ItemStatus.REJECTED, at,
                        "rejected/" + rejectedName, reason[0], reason[1], null));
            } else if (roll < 7) {
                items.add(new ItemResult(object, name, null, null, ItemStatus.ERROR, at, object,
                        "timeout", "the predict service did not answer within 30 s (3 attempts)", null));
            } else {
                String label = LABELS.get(Math.min(LABELS.size() - 1, (int) Math.abs(random.nextGaussian() * 3.2)));
                double confidence = roll < 22 ? 0.31 + random.nextDouble() * 0.38 : 0.70 + random.nextDouble() * 0.2999;
                boolean review = confidence < ConfidenceBands.DEFAULT_REVIEW_THRESHOLD;
                Map<String, Double> topK = new LinkedHashMap<>();
                topK.put(label, confidence);
                topK.put(LABELS.get((LABELS.indexOf(label) + 1) % LABELS.size()), (1 - confidence) * 0.6);
                items.add(new ItemResult(object, name, label, confidence, review ? ItemStatus.REVIEW : ItemStatus.SORTED, at,
                        (review ? "review/" : "processed/") + label + "/" + name, null, null, topK));
            }
        }
        return items;
    }

    /** The summary a batch would write for {@code items}. */
    static RunSummary summaryOf(List<ItemResult> items, RunStatus status, String errorMessage) {
        int sorted = 0;
        int review = 0;
        int rejected = 0;
        int left = 0;
        int high = 0;
        int medium = 0;
        int low = 0;
        Map<String, Integer> categories = new TreeMap<>();
        List<RunSummary.ItemError> errors = new ArrayList<>();
        for (ItemResult item : items) {
            switch (item.status()) {
                case SORTED -> sorted++;
                case REVIEW -> review++;
                case REJECTED -> rejected++;
                case ERROR -> left++;
            }
            if (item.status().isSuccessful()) {
                categories.merge(item.category(), 1, Integer::sum);
                switch (ConfidenceBands.of(item.confidence(), ConfidenceBands.DEFAULT_REVIEW_THRESHOLD)) {
                    case HIGH -> high++;
                    case MEDIUM -> medium++;
                    case LOW -> low++;
                }
            } else if (errors.size() < RunSummary.MAX_ERRORS) {
                errors.add(new RunSummary.ItemError(item.object(), item.status(), item.error(), item.errorMessage()));
            }
        }
        int total = items.size();
        int successful = sorted + review;
        double rate = total == 0 ? 100 : Math.round(successful * 1000.0 / total) / 10.0;
        double seconds = total == 0 ? 2.4 : 14 + total * 0.81;
        Instant finished = STARTED.plus(Duration.ofMillis((long) (seconds * 1000)));
        return new RunSummary(RunSummary.SCHEMA_VERSION, RUN_ID, status, TriggerReason.SCHEDULED, false, finished, STARTED,
                finished, total, successful, rejected + left, sorted, review, rejected, left, rate, seconds, categories,
                new RunSummary.ConfidenceDistribution(high, medium, low), errors, errorMessage,
                new RunSummary.ModelInfo("fashion-mnist-cnn", "1.2.0"), RunSummary.ReportPaths.forRun(RUN_ID),
                "gs://acme-returns-prod");
    }

    static HtmlReport.Content contentOf(List<ItemResult> items, int cap, RunSummary summary) {
        HtmlReport.ContentBuilder builder = HtmlReport.Content.builder(cap)
                .event(summary.startedAt(), "Run started (scheduled)");
        items.forEach(builder::add);
        if (items.size() > 100) {
            builder.event(summary.startedAt().plusMillis((long) (summary.processingTimeSeconds() * 600)),
                    "Time budget reached; continued in a new request (continuation)");
        }
        return builder.event(summary.finishedAt(), "Finished: " + summary.status().wireName()).build();
    }
}
