package com.returnsorter.predict.stats;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The predict function's meters, kept by Micrometer (scraped at {@code /prometheus}, sent to Cloud Monitoring in
 * the gcp environment) and summarised by {@code GET /stats}: requests by endpoint and status ({@value #REQUESTS}),
 * latency per endpoint with p50/p95/p99 over a sliding window ({@value #LATENCY}), and every image by its
 * {@code outcome} ({@value #CLASSIFIED}, {@value #REJECTED}, {@value #FAILED}) and {@code category} (the predicted
 * one, {@value #NO_CATEGORY} when there is none) ({@value #PREDICTIONS}).
 */
@Singleton
public class RequestStats {

    static final String REQUESTS = "returnsorter.predict.requests";
    static final String LATENCY = "returnsorter.predict.latency";
    static final String PREDICTIONS = "returnsorter.predictions";
    /** The image was classified: its {@code category} is the prediction. */
    public static final String CLASSIFIED = "classified";
    /** The image was refused (not decodable, too large, unsupported); no category. */
    public static final String REJECTED = "rejected";
    /** The model failed on a valid image (answered 503); no category. */
    public static final String FAILED = "failed";
    static final String NO_CATEGORY = "none";
    /** The percentiles cover about the last ten minutes (five rotating buffers of two minutes). */
    static final Duration PERCENTILE_WINDOW = Duration.ofMinutes(10);
    private static final int PERCENTILE_BUFFERS = 5;

    private final MeterRegistry registry;
    private final Instant startedAt = Instant.now();

    public RequestStats(MeterRegistry registry) {
        this.registry = registry;
    }

    public void recordRequest(String endpoint, int status, long latencyMicros) {
        registry.counter(REQUESTS, "endpoint", endpoint, "status", String.valueOf(status)).increment();
        Timer.builder(LATENCY)
                .description("time to answer a request, by route")
                .tag("endpoint", endpoint)
                .publishPercentiles(0.5, 0.95, 0.99)
                .distributionStatisticExpiry(PERCENTILE_WINDOW)
                .distributionStatisticBufferLength(PERCENTILE_BUFFERS)
                .register(registry)
                .record(latencyMicros, TimeUnit.MICROSECONDS);
    }

    public void recordPrediction(String category) {
        registry.counter(PREDICTIONS, "category", category, "outcome", CLASSIFIED).increment();
    }

    /** An image that got no category: {@link #REJECTED} or {@link #FAILED}. */
    public void recordUnclassified(String outcome) {
        registry.counter(PREDICTIONS, "category", NO_CATEGORY, "outcome", outcome).increment();
    }

    public Instant startedAt() {
        return startedAt;
    }

    public long uptimeSeconds() {
        return Duration.between(startedAt, Instant.now()).toSeconds();
    }

    public Snapshot snapshot() {
        Map<String, Long> statuses = new TreeMap<>();
        Map<String, Long> endpoints = new TreeMap<>();
        long total = 0;
        for (Counter counter : registry.find(REQUESTS).counters()) {
            long count = (long) counter.count();
            total += count;
            statuses.merge(counter.getId().getTag("status"), count, Long::sum);
            endpoints.merge(counter.getId().getTag("endpoint"), count, Long::sum);
        }
        Map<String, Latency> latencies = new TreeMap<>();
        for (Timer timer : registry.find(LATENCY).timers()) {
            double[] p = {0, 0, 0};
            ValueAtPercentile[] values = timer.takeSnapshot().percentileValues();
            for (int i = 0; i < values.length && i < p.length; i++) {
                p[i] = Math.round(values[i].value(TimeUnit.MICROSECONDS) / 10.0) / 100.0;
            }
            latencies.put(timer.getId().getTag("endpoint"), new Latency(timer.count(), p[0], p[1], p[2]));
        }
        Map<String, Long> categories = new TreeMap<>();
        long classified = 0;
        for (Counter counter : registry.find(PREDICTIONS).tag("outcome", CLASSIFIED).counters()) {
            long count = (long) counter.count();
            classified += count;
            categories.put(counter.getId().getTag("category"), count);
        }
        return new Snapshot(startedAt.toString(), uptimeSeconds(), total, statuses, endpoints, latencies, classified,
                categories);
    }

    /** What {@code /stats} returns. */
    @Serdeable
    public record Snapshot(String started_at, long uptime_seconds, long requests_total, Map<String, Long> requests_by_status,
                           Map<String, Long> requests_by_endpoint, Map<String, Latency> latency_ms,
                           long images_classified, Map<String, Long> predictions_by_category) {
    }

    /**
     * Latency of one endpoint: every request counted, percentiles over about the last
     * {@link #PERCENTILE_WINDOW} (Micrometer's decaying window).
     */
    @Serdeable
    public record Latency(long count, double p50, double p95, double p99) {
    }
}
