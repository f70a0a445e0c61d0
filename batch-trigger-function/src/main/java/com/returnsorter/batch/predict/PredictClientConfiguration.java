package com.returnsorter.batch.predict;

import com.returnsorter.service.identity.IdentityTokens;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.net.URI;
import java.time.Duration;

/**
 * How the batch calls the predict function ({@code predict-client.*}); its URL and timeouts are
 * the HTTP client's own settings under {@code micronaut.http.services.predict}.
 *
 * @param apiKey         sent as {@code X-API-Key}; an {@code internal} key of the predict function, so the
 *                       nightly run is not rate limited
 * @param attempts       tries per photo on timeouts, 5xx and 429, the first included
 * @param initialBackoff wait before the second try; doubled each time, with jitter
 * @param maxBackoff     the longest wait between tries, also the cap on a {@code Retry-After}
 * @param identityToken  send a Google-signed identity token for the predict URL ({@code Authorization: Bearer}),
 *                       as a private Cloud Run service requires; the token comes from the metadata server
 * @param metadataUrl    the metadata server that issues those tokens (a test points it at a local server)
 */
@ConfigurationProperties(PredictClientConfiguration.PREFIX)
public record PredictClientConfiguration(
        @Nullable String apiKey,
        @Bindable(defaultValue = "4") @Min(1) int attempts,
        @NotNull Duration initialBackoff,
        @NotNull Duration maxBackoff,
        @Bindable(defaultValue = "false") boolean identityToken,
        @Bindable(defaultValue = IdentityTokens.DEFAULT_METADATA_URL) @NotNull URI metadataUrl) {

    public static final String PREFIX = "predict-client";
}
