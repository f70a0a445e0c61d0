package com.returnsorter.report.support;

import com.returnsorter.events.ItemStatus;
import com.returnsorter.events.RunIds;
import com.returnsorter.events.RunStatus;
import com.returnsorter.events.RunSummary;
import com.returnsorter.events.TriggerReason;
import com.returnsorter.reports.ItemResult;
import com.returnsorter.reports.ItemsJsonl;
import com.returnsorter.reports.ResultsCsv;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finished runs as the batch function leaves them: a {@code batch-completed} summary, and its
 * {@code results.csv} and {@code report.html} in the bucket, with counts that agree.
 */
public final class Runs {

    private static final String[] CATEGORIES = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
            "Shirt", "Sneaker", "Bag", "Ankle boot"};

    private Runs() {
    }

    /**
     * A run started at {@code startedAt}: {@code sorted} photos sorted, {@code review} to review,
     * {@code rejected} rejected and {@code errors} left in incoming/.
     */
    public static RunSummary summary(Instant startedAt, String messageId, int sorted, int review, int rejected,
                                     int errors, double seconds, RunStatus status) {
        String runId = RunIds.of(startedAt, messageId);
        int successful = sorted + review;
        int failed = rejected + errors;
        int total = successful + failed;
        Map<String, Integer> categories = new LinkedHashMap<>();
        for (int i = 0; i < successful; i++) {
            categories.merge(CATEGORIES[i % CATEGORIES.length], 1, Integer::sum);
        }
        return new RunSummary(RunSummary.SCHEMA_VERSION, runId, status, TriggerReason.SCHEDULED, false,
                startedAt.plusMillis((long) (seconds * 1000)), startedAt, startedAt.plusMillis((long) (seconds * 1000)),
                total, successful, failed, sorted, review, rejected, errors,
                total == 0 ? 100.0 : Math.round(1000.0 * successful / total) / 10.0, seconds, categories,
                new RunSummary.ConfidenceDistribution(sorted / 2, sorted - sorted / 2, review), List.of(),
                status == RunStatus.FAILED ? "the predict function did not answer /health within 90 s" : null,
                new RunSummary.ModelInfo("fashion-mnist-cnn", "1.0.0"), RunSummary.ReportPaths.forRun(runId),
                "local");
    }

    /** The items {@link #writeReports} writes for {@code summary}, in file order. */
    public static List<ItemResult> items(RunSummary summary) {
        List<ItemResult> items = new ArrayList<>();
        Instant at = summary.startedAt();
        int n = 0;
        for (int i = 0; i < summary.sorted(); i++, n++) {
            String category = CATEGORIES[n % CATEGORIES.length];
            items.add(item("photo-" + n + ".jpg", category, 0.86 + (i % 13) / 100.0, ItemStatus.SORTED,
                    "processed/" + category.replace('/', '_') + "/photo-" + n + ".jpg", at));
        }
        for (int i = 0; i < summary.lowConfidence(); i++, n++) {
            String category = CATEGORIES[n % CATEGORIES.length];
            items.add(item("photo-" + n + ".jpg", category, 0.40 + (i % 29) / 100.0, ItemStatus.REVIEW,
                    "review/" + category.replace('/', '_') + "/photo-" + n + ".jpg", at));
        }
        for (int i = 0; i < summary.rejected(); i++, n++) {
            items.add(new ItemResult("incoming/broken-" + n + ".jpg", "broken-" + n + ".jpg", null, null,
                    ItemStatus.REJECTED, at, "rejected/broken-" + n + ".jpg", "corrupt", "not a readable image", null));
        }
        for (int i = 0; i < summary.leftInIncoming(); i++, n++) {
            items.add(new ItemResult("incoming/slow-" + n + ".jpg", "slow-" + n + ".jpg", null, null, ItemStatus.ERROR,
                    at, "incoming/slow-" + n + ".jpg", "timeout", "the predict function did not answer", null));
        }
        return items;
    }

    /**
     * Writes {@code items.jsonl}, {@code results.csv}, {@code summary.json} and a small {@code report.html}
     * of the run into the local bucket, as the batch does before it publishes.
     */
    public static void writeReports(Path bucket, RunSummary summary) {
        writeSummary(bucket, summary);
        Path csv = bucket.resolve(summary.reports().resultsCsv());
        try {
            Files.createDirectories(csv.getParent());
            try (OutputStream out = Files.newOutputStream(csv);
                 ResultsCsv.RowWriter writer = ResultsCsv.writer(out)) {
                for (ItemResult item : items(summary)) {
                    writer.write(item);
                }
            }
            try (OutputStream out = Files.newOutputStream(bucket.resolve(summary.reports().itemsJsonl()));
                 ItemsJsonl.Writer records = ItemsJsonl.writer(out, JSON)) {
                items(summary).forEach(records::write);
            }
            Files.writeString(bucket.resolve(summary.reports().reportHtml()),
                    "<!doctype html><title>Run " + summary.runId() + "</title><h1>Run " + summary.runId() + "</h1>");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes only {@code summary.json}: a run whose other reports are missing. */
    public static void writeSummary(Path bucket, RunSummary summary) {
        Path file = bucket.resolve(RunSummary.ReportPaths.forRun(summary.runId()).summaryJson());
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, JSON.writeValueAsBytes(summary));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final io.micronaut.json.JsonMapper JSON = io.micronaut.json.JsonMapper.createDefault();

    private static ItemResult item(String name, String category, double confidence, ItemStatus status,
                                   String destination, Instant at) {
        double p = Math.round(confidence * 10000) / 10000.0;
        Map<String, Double> topK = new LinkedHashMap<>();
        topK.put(category, p);
        // The runner-up takes half of the rest, so the predicted category stays the most probable.
        topK.put(category.equals("Shirt") ? "T-shirt/top" : "Shirt", Math.round((1 - p) * 5000) / 10000.0);
        return new ItemResult("incoming/" + name, name, category, p, status, at, destination, null, null, topK);
    }
}
