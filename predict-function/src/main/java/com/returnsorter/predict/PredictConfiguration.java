package com.returnsorter.predict;

import com.returnsorter.service.upload.UploadLimits;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import java.time.Duration;
import java.util.List;

/**
 * The predict API's own settings, bound from {@code predict.*} ({@code application.yml} maps the
 * environment variables).
 *
 * @param maxBatchFiles most files one {@code /predict_batch} request may carry
 * @param apiKeys       accepted API keys as {@code name:key} or {@code name:key:internal}; empty means no key is required
 * @param rateLimit     per-key (else per-client-address) limits
 * @param inFlightBodyBudgetMb request bodies the service holds in memory at once, in MB; beyond it, 503 with Retry-After
 * @param uploadReadIdleTimeout  longest pause between two pieces of a request body; then 408
 * @param uploadTimeout          longest time to receive a whole request body; then 408
 * @param objectPrefix           the only key prefix {@code {"object": key}} may read (the folder staff upload to)
 */
@ConfigurationProperties(PredictConfiguration.PREFIX)
public record PredictConfiguration(
        @Bindable(defaultValue = "50") @Min(1) int maxBatchFiles,
        @Bindable(defaultValue = "") List<String> apiKeys,
        @Bindable(defaultValue = "12") @Min(1) int inFlightBodyBudgetMb,
        @Bindable(defaultValue = "20s") Duration uploadReadIdleTimeout,
        @Bindable(defaultValue = "120s") Duration uploadTimeout,
        @Bindable(defaultValue = "incoming/") @NotBlank @Pattern(regexp = "[^/].*/", message = "must be a folder such as incoming/") String objectPrefix,
        @Valid RateLimit rateLimit) implements UploadLimits {

    public static final String PREFIX = "predict";

    /**
     * @param enabled        whether limits apply at all
     * @param predictPerHour requests per hour to {@code /predict} for one key or address
     * @param batchPerHour   requests per hour to {@code /predict_batch}
     * @param maxTracked     most clients tracked at once; idle ones are forgotten first
     */
    @ConfigurationProperties("rate-limit")
    public record RateLimit(
            @Bindable(defaultValue = "true") boolean enabled,
            @Bindable(defaultValue = "100") @Min(1) int predictPerHour,
            @Bindable(defaultValue = "20") @Min(1) int batchPerHour,
            @Bindable(defaultValue = "100000") @Min(1) int maxTracked) {
    }
}
