package com.returnsorter.batch.run;

import com.returnsorter.events.ItemStatus;
import com.returnsorter.events.RunSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * The nightly sort's meters (scraped at {@code /prometheus}, sent to Cloud Monitoring in the gcp environment):
 * photos by the folder they went to and their category ({@value #PHOTOS}, {@code destination} =
 * {@code processed|review|rejected|incoming}, {@code category} or {@value #NO_CATEGORY}) counted when their chunk
 * is journaled (so a redelivered chunk is not counted twice), finished runs by status ({@value #RUNS}), and run
 * durations ({@value #RUN_DURATION}).
 */
@Singleton
public class BatchMetrics {

    static final String PHOTOS = "returnsorter.photos";
    static final String RUNS = "returnsorter.runs";
    static final String RUN_DURATION = "returnsorter.run.duration";
    static final String NO_CATEGORY = "none";

    private final MeterRegistry registry;

    public BatchMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void photos(JournalChunk chunk) {
        for (var item : chunk.items()) {
            registry.counter(PHOTOS, "destination", destination(item.status()),
                    "category", item.category() == null ? NO_CATEGORY : item.category()).increment();
        }
    }

    /** The top folder a photo of this status is in after the run ({@code processed}, …), as {@link Layout} puts it. */
    static String destination(ItemStatus status) {
        String folder = Layout.folderFor(status, null);
        return folder.substring(0, folder.indexOf('/'));
    }

    void runFinished(RunSummary summary) {
        String dryRun = Boolean.toString(summary.dryRun());
        registry.counter(RUNS, "status", summary.status().wireName(), "dry_run", dryRun).increment();
        Timer.builder(RUN_DURATION).description("wall time of a finished run")
                .tag("status", summary.status().wireName()).register(registry)
                .record(Duration.ofMillis((long) (summary.processingTimeSeconds() * 1000)));
    }
}
