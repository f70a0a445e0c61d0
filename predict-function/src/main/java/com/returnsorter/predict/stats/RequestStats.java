package com.returnsorter.predict.stats;

import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters behind {@code GET /stats}: requests by status and endpoint, latency percentiles, predictions by category. */
@Singleton
public class RequestStats {

    private static final int WINDOW = 10_000;

    private final Instant startedAt = Instant.now();
    private final LongAdder total = new LongAdder();
    private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> byEndpoint = new ConcurrentHashMap<>();
    private final Map<String, LatencyReservoir> latency = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> byCategory = new ConcurrentHashMap<>();
    private final LongAdder imagesClassified = new LongAdder();

    public void recordRequest(String endpoint, int status, long latencyMicros) {
        total.increment();
        byStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
        byEndpoint.computeIfAbsent(endpoint, e -> new LongAdder()).increment();
        latency.computeIfAbsent(endpoint, e -> new LatencyReservoir(WINDOW)).record(latencyMicros);
    }

    public void recordPrediction(String category) {
        imagesClassified.increment();
        byCategory.computeIfAbsent(category, c -> new LongAdder()).increment();
    }

    public Instant startedAt() {
        return startedAt;
    }

    public long uptimeSeconds() {
        return Duration.between(startedAt, Instant.now()).toSeconds();
    }

    public Snapshot snapshot() {
        Map<String, Long> statuses = new TreeMap<>();
        byStatus.forEach((status, count) -> statuses.put(String.valueOf(status), count.sum()));
        Map<String, Long> endpoints = new TreeMap<>();
        byEndpoint.forEach((endpoint, count) -> endpoints.put(endpoint, count.sum()));
        Map<String, Latency> latencies = new TreeMap<>();
        latency.forEach((endpoint, reservoir) -> {
            double[] p = reservoir.percentilesMillis();
            latencies.put(endpoint, new Latency(reservoir.count(), p[0], p[1], p[2]));
        });
        Map<String, Long> categories = new TreeMap<>();
        byCategory.forEach((category, count) -> categories.put(category, count.sum()));
        return new Snapshot(startedAt.toString(), uptimeSeconds(), total.sum(), statuses, endpoints, latencies,
                imagesClassified.sum(), categories);
    }

    /** What {@code /stats} returns. */
    @Serdeable
    public record Snapshot(String started_at, long uptime_seconds, long requests_total, Map<String, Long> requests_by_status,
                           Map<String, Long> requests_by_endpoint, Map<String, Latency> latency_ms,
                           long images_classified, Map<String, Long> predictions_by_category) {
    }

    /** Latency of one endpoint over its most recent requests (at most 10,000). */
    @Serdeable
    public record Latency(long count, double p50, double p95, double p99) {
    }
}
