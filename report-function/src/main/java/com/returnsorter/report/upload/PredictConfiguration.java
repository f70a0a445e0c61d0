package com.returnsorter.report.upload;

import com.returnsorter.service.identity.IdentityTokens;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.net.URI;

/**
 * How "classify now" reaches the predict function ({@code workspace.predict.*}): its base URL
 * ({@code PREDICT_URL}) and an internal API key of it ({@code PREDICT_API_KEY}). Empty URL: the upload
 * page offers no immediate classification.
 *
 * @param identityToken send a Google-signed identity token for the predict URL ({@code PREDICT_IDENTITY_TOKEN}),
 *                      as the private predict service on Cloud Run requires; the batch's mechanism
 *                      (service-support's {@link IdentityTokens})
 * @param metadataUrl   the metadata server that issues those tokens (a test points it at a local server)
 */
@ConfigurationProperties(PredictConfiguration.PREFIX)
public record PredictConfiguration(@Nullable String url, @Nullable String apiKey,
                                   @Bindable(defaultValue = "false") boolean identityToken,
                                   @Bindable(defaultValue = IdentityTokens.DEFAULT_METADATA_URL) URI metadataUrl) {

    public static final String PREFIX = "workspace.predict";

    public boolean enabled() {
        return url != null && !url.isBlank();
    }
}
