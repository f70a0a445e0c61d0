package com.returnsorter.batch.run;

import com.returnsorter.events.ItemStatus;
import com.returnsorter.events.RunSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * The nightly sort's meters, scraped at {@code /prometheus}: photos by outcome
 * ({@code returnsorter_photos_total{outcome="sorted|review|rejected|error"}}) counted when their chunk is
 * journaled (so a redelivered chunk is not counted twice), finished runs by status, and run durations.
 */
@Singleton
public class BatchMetrics {

    private final MeterRegistry registry;

    public BatchMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void photos(JournalChunk chunk) {
        for (var item : chunk.items()) {
            photo(item.status());
        }
    }

    private void photo(ItemStatus outcome) {
        registry.counter("returnsorter.photos", "outcome", outcome.wireName()).increment();
    }

    void runFinished(RunSummary summary) {
        String dryRun = Boolean.toString(summary.dryRun());
        registry.counter("returnsorter.runs", "status", summary.status().wireName(), "dry_run", dryRun).increment();
        Timer.builder("returnsorter.run.duration").description("wall time of a finished run")
                .tag("status", summary.status().wireName()).register(registry)
                .record(Duration.ofMillis((long) (summary.processingTimeSeconds() * 1000)));
    }
}
