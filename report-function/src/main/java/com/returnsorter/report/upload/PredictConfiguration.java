package com.returnsorter.report.upload;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * How "classify now" reaches the predict function ({@code workspace.predict.*}): its base URL
 * ({@code PREDICT_URL}) and an internal API key of it ({@code PREDICT_API_KEY}). Empty URL: the upload
 * page offers no immediate classification.
 */
@ConfigurationProperties(PredictConfiguration.PREFIX)
public record PredictConfiguration(@Nullable String url, @Nullable String apiKey) {

    public static final String PREFIX = "workspace.predict";

    public boolean enabled() {
        return url != null && !url.isBlank();
    }
}
