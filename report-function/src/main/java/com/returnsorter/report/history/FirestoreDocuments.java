package com.returnsorter.report.history;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentSnapshot;
import com.returnsorter.events.ItemStatus;
import com.returnsorter.events.RunStatus;
import com.returnsorter.report.alerts.AlertRecord;
import com.returnsorter.report.alerts.ChannelDelivery;
import com.returnsorter.report.alerts.Severity;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Records to Firestore documents and back. Field names are the records' (camel case, as the
 * console shows them, DESIGN.md); times are Firestore timestamps, enums their lower-case wire names
 * (severity in upper case), so console queries read {@code status == "failed"}.
 */
final class FirestoreDocuments {

    private FirestoreDocuments() {
    }

    static Map<String, Object> of(RunRecord run) {
        Map<String, Object> doc = new HashMap<>();
        doc.put("runId", run.runId());
        doc.put("trigger", run.trigger());
        doc.put("dryRun", run.dryRun());
        doc.put("startedAt", timestamp(run.startedAt()));
        doc.put("finishedAt", timestamp(run.finishedAt()));
        doc.put("durationSeconds", run.durationSeconds());
        doc.put("totalImages", run.totalImages());
        doc.put("successful", run.successful());
        doc.put("failed", run.failed());
        doc.put("sorted", run.sorted());
        doc.put("lowConfidence", run.lowConfidence());
        doc.put("rejected", run.rejected());
        doc.put("leftInIncoming", run.leftInIncoming());
        doc.put("successRate", run.successRate());
        doc.put("status", run.status().wireName());
        doc.put("errorMessage", run.errorMessage());
        doc.put("categories", new TreeMap<>(run.categories()));
        Map<String, Object> bands = new java.util.LinkedHashMap<>();
        bands.put("high", run.confidence().high());
        bands.put("medium", run.confidence().medium());
        bands.put("low", run.confidence().low());
        if (run.confidence().reviewThreshold() != null) {
            bands.put("reviewThreshold", run.confidence().reviewThreshold());
        }
        doc.put("confidence", bands);
        doc.put("reports", Map.of("resultsCsv", run.reports().resultsCsv(), "summaryJson", run.reports().summaryJson(),
                "reportHtml", run.reports().reportHtml()));
        doc.put("model", Map.of("name", run.model().name(), "version", run.model().version()));
        doc.put("bucket", run.bucket());
        doc.put("itemCount", run.itemCount());
        doc.put("itemsNote", run.itemsNote());
        doc.put("recordedAt", timestamp(run.recordedAt()));
        return doc;
    }

    static RunRecord run(DocumentSnapshot doc) {
        Map<String, Integer> categories = new TreeMap<>();
        map(doc.get("categories")).forEach((name, count) -> categories.put(name, integer(count)));
        Map<String, Object> bands = map(doc.get("confidence"));
        Map<String, Object> reports = map(doc.get("reports"));
        Map<String, Object> model = map(doc.get("model"));
        return new RunRecord(
                doc.getString("runId"),
                doc.getString("trigger"),
                Boolean.TRUE.equals(doc.getBoolean("dryRun")),
                instant(doc.getTimestamp("startedAt")),
                instant(doc.getTimestamp("finishedAt")),
                number(doc.get("durationSeconds")),
                integer(doc.get("totalImages")),
                integer(doc.get("successful")),
                integer(doc.get("failed")),
                integer(doc.get("sorted")),
                integer(doc.get("lowConfidence")),
                integer(doc.get("rejected")),
                integer(doc.get("leftInIncoming")),
                number(doc.get("successRate")),
                RunStatus.fromWire(doc.getString("status")),
                doc.getString("errorMessage"),
                categories,
                new RunRecord.Confidence(integer(bands.get("high")), integer(bands.get("medium")),
                        integer(bands.get("low")), bands.get("reviewThreshold") == null ? null
                        : number(bands.get("reviewThreshold"))),
                new RunRecord.Reports((String) reports.get("resultsCsv"), (String) reports.get("summaryJson"),
                        (String) reports.get("reportHtml")),
                new RunRecord.Model((String) model.get("name"), (String) model.get("version")),
                doc.getString("bucket"),
                integer(doc.get("itemCount")),
                doc.getString("itemsNote"),
                instant(doc.getTimestamp("recordedAt")));
    }

    static Map<String, Object> of(ItemRecord item) {
        Map<String, Object> doc = new HashMap<>();
        doc.put("itemId", item.itemId());
        doc.put("object", item.object());
        doc.put("filename", item.filename());
        doc.put("destination", item.destination());
        doc.put("category", item.category());
        doc.put("confidence", item.confidence());
        doc.put("status", item.status().wireName());
        doc.put("error", item.error());
        doc.put("errorMessage", item.errorMessage());
        doc.put("topK", item.topK() == null ? null : new LinkedHashMap<>(item.topK()));
        doc.put("processedAt", timestamp(item.processedAt()));
        doc.put("reviewReason", item.reviewReason());
        return doc;
    }

    static ItemRecord item(DocumentSnapshot doc) {
        Object confidence = doc.get("confidence");
        return new ItemRecord(
                doc.getString("itemId"),
                doc.getString("object"),
                doc.getString("filename"),
                doc.getString("destination"),
                doc.getString("category"),
                confidence == null ? null : number(confidence),
                ItemStatus.fromWire(doc.getString("status")),
                doc.getString("error"),
                doc.getString("errorMessage"),
                doc.get("topK") == null ? null : byProbability(map(doc.get("topK"))),
                instant(doc.getTimestamp("processedAt")),
                doc.getString("reviewReason"));
    }

    /** Firestore keeps map keys sorted by name; the order that matters for top-k is by probability. */
    private static Map<String, Double> byProbability(Map<String, Object> stored) {
        Map<String, Double> topK = new LinkedHashMap<>();
        stored.entrySet().stream()
                .sorted((a, b) -> Double.compare(number(b.getValue()), number(a.getValue())))
                .forEachOrdered(e -> topK.put(e.getKey(), number(e.getValue())));
        return topK;
    }

    static Map<String, Object> of(AlertRecord alert) {
        Map<String, Object> doc = new HashMap<>();
        doc.put("alertId", alert.alertId());
        doc.put("createdAt", timestamp(alert.createdAt()));
        doc.put("severity", alert.severity().wireName());
        doc.put("rule", alert.rule());
        doc.put("subject", alert.subject());
        doc.put("message", alert.message());
        doc.put("runId", alert.runId());
        Map<String, Object> channels = new TreeMap<>();
        alert.channels().forEach((name, delivery) -> channels.put(name, of(delivery)));
        doc.put("channels", channels);
        doc.put("resolved", alert.resolved());
        doc.put("resolvedAt", timestamp(alert.resolvedAt()));
        doc.put("resolvedBy", alert.resolvedBy());
        return doc;
    }

    static AlertRecord alert(DocumentSnapshot doc) {
        Map<String, ChannelDelivery> channels = new TreeMap<>();
        map(doc.get("channels")).forEach((name, delivery) -> channels.put(name, delivery(map(delivery))));
        return new AlertRecord(
                doc.getString("alertId"),
                instant(doc.getTimestamp("createdAt")),
                Severity.fromWire(doc.getString("severity")),
                doc.getString("rule"),
                doc.getString("subject"),
                doc.getString("message"),
                doc.getString("runId"),
                channels,
                Boolean.TRUE.equals(doc.getBoolean("resolved")),
                instant(doc.getTimestamp("resolvedAt")),
                doc.getString("resolvedBy"));
    }

    static Map<String, Object> of(ChannelDelivery delivery) {
        Map<String, Object> doc = new HashMap<>();
        doc.put("state", delivery.state().wireName());
        doc.put("attempts", delivery.attempts());
        doc.put("lastAttemptAt", timestamp(delivery.lastAttemptAt()));
        doc.put("deliveredAt", timestamp(delivery.deliveredAt()));
        doc.put("target", delivery.target());
        doc.put("error", delivery.error());
        return doc;
    }

    private static ChannelDelivery delivery(Map<String, Object> doc) {
        return new ChannelDelivery(
                ChannelDelivery.State.fromWire((String) doc.get("state")),
                integer(doc.get("attempts")),
                instant((Timestamp) doc.get("lastAttemptAt")),
                instant((Timestamp) doc.get("deliveredAt")),
                (String) doc.get("target"),
                (String) doc.get("error"));
    }

    static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.ofTimeSecondsAndNanos(instant.getEpochSecond(), instant.getNano());
    }

    static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    private static int integer(Object value) {
        return value == null ? 0 : ((Number) value).intValue();
    }

    private static double number(Object value) {
        return value == null ? 0 : ((Number) value).doubleValue();
    }
}
