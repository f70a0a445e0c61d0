package com.returnsorter.service.metrics;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;

/**
 * Where the meters go in the {@code gcp} environment (docs/operations.md, "Metrics"): Micrometer's Stackdriver
 * registry writes them to Cloud Monitoring as {@code custom.googleapis.com/<name with slashes>}. The keys are
 * those of Micronaut's own Stackdriver module, so {@code MICRONAUT_METRICS_EXPORT_STACKDRIVER_*} variables work.
 * Every value is found on Cloud Run without configuration; the settings exist for other hosts and for tests.
 *
 * @param enabled   false turns the export off in the gcp environment too
 * @param projectId the project the metrics are written to; else {@code GOOGLE_CLOUD_PROJECT} or the metadata server
 * @param step      how often the meters are sent, each point holding that step's counts (default {@value #DEFAULT_STEP_TEXT})
 * @param location  the {@code generic_task} resource's {@code location}; else the instance's region (metadata server)
 * @param taskId    the resource's {@code task_id}, one per instance; else the instance id (metadata server)
 */
@ConfigurationProperties(CloudMonitoringConfiguration.PREFIX)
@Requires(env = Environment.GOOGLE_COMPUTE)
public record CloudMonitoringConfiguration(@Nullable Boolean enabled, @Nullable String projectId,
                                           @Nullable Duration step, @Nullable String location,
                                           @Nullable String taskId) {

    public static final String PREFIX = "micronaut.metrics.export.stackdriver";
    static final String DEFAULT_STEP_TEXT = "1m";
    static final Duration DEFAULT_STEP = Duration.ofMinutes(1);
    /** Cloud Monitoring takes at most one point per time series every 5 s; a step shorter than this is refused. */
    static final Duration MIN_STEP = Duration.ofSeconds(10);

    public Duration stepOrDefault() {
        return step == null ? DEFAULT_STEP : step;
    }
}
