package com.returnsorter.predict;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.util.List;

/**
 * The predict API's own settings, bound from {@code predict.*} ({@code application.yml} maps the
 * environment variables).
 *
 * @param maxBatchFiles most files one {@code /predict_batch} request may carry
 * @param apiKeys       accepted API keys as {@code name:key} or {@code name:key:internal}; empty means no key is required
 * @param rateLimit     per-key (else per-client-address) limits
 * @param inFlightBodyBudgetMb request bodies the service holds in memory at once, in MB; beyond it, 503 with Retry-After
 */
@ConfigurationProperties(PredictConfiguration.PREFIX)
public record PredictConfiguration(
        @Bindable(defaultValue = "50") int maxBatchFiles,
        @Bindable(defaultValue = "") List<String> apiKeys,
        @Bindable(defaultValue = "12") int inFlightBodyBudgetMb,
        RateLimit rateLimit) {

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
            @Bindable(defaultValue = "100") int predictPerHour,
            @Bindable(defaultValue = "20") int batchPerHour,
            @Bindable(defaultValue = "100000") int maxTracked) {
    }
}
