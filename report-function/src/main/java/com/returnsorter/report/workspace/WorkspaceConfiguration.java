package com.returnsorter.report.workspace;

import com.returnsorter.service.upload.UploadLimits;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;
import java.util.List;

/**
 * The morning workspace's settings ({@code workspace.*}; docs/workspace.md).
 *
 * @param categories      the categories a reviewer may choose, in the model's label order (its class
 *                        index is the category code of the inventory export); keys 1–9 and 0 pick the
 *                        first ten on the review page
 * @param reviewPageSize  most photos the review queue shows at once
 * @param thumbnailSide   longest side of a thumbnail, in pixels
 * @param thumbnailCache  most bytes of thumbnails kept in memory
 * @param decisionLease   how long a decision may stay pending before another attempt of the same
 *                        decision may finish it (a decider that died between claim and move)
 * @param maxUploadBytes  largest photo accepted by {@code POST /uploads}
 * @param inFlightBodyBudgetMb  request bodies (uploads) held in memory at once, in MB; beyond it, 503
 *                        {@code busy} with Retry-After (service-support's {@code UploadAdmissionFilter})
 * @param uploadReadIdleTimeout longest pause between two pieces of a request body; then 408
 * @param uploadTimeout   longest time to receive a whole request body; then 408
 */
@ConfigurationProperties(WorkspaceConfiguration.PREFIX)
@Context
// Only in this service, as its AccessFactory: another module's tests may see these classes.
@io.micronaut.context.annotation.Requires(property = "micronaut.application.name", value = "report-function")
public record WorkspaceConfiguration(
        @NotEmpty List<String> categories,
        @Bindable(defaultValue = "200") @Min(1) @Max(1000) int reviewPageSize,
        @Bindable(defaultValue = "320") @Min(32) @Max(1024) int thumbnailSide,
        @Bindable(defaultValue = "33554432") @Min(1) long thumbnailCache,
        @Bindable(defaultValue = "2m") @NotNull Duration decisionLease,
        @Bindable(defaultValue = "10485760") @Min(1) long maxUploadBytes,
        @Bindable(defaultValue = "48") @Min(1) int inFlightBodyBudgetMb,
        @Bindable(defaultValue = "20s") @NotNull Duration uploadReadIdleTimeout,
        @Bindable(defaultValue = "120s") @NotNull Duration uploadTimeout) implements UploadLimits {

    public static final String PREFIX = "workspace";
}
