package com.returnsorter.service.access;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;

/**
 * People's identity behind Identity-Aware Proxy (PUSH-AUTH-CONTRACT): the service that serves pages
 * maps {@code IAP_AUDIENCE} and, for tests, {@code IAP_JWKS_URI} to these properties.
 *
 * @param audience  {@code /projects/<number>/locations/<region>/services/<service>}; empty: no IAP
 * @param jwksUri   IAP's ES256 key set
 * @param issuer    IAP's {@code iss}
 * @param localUser who "signs in" in the {@code local} environment without IAP
 */
@ConfigurationProperties(IapConfiguration.PREFIX)
// Only services that configure it (application.yml) have it; ServiceStarter binds every configuration eagerly.
@Requires(property = IapConfiguration.PREFIX + ".jwks-uri")
public record IapConfiguration(@Nullable String audience, String jwksUri, String issuer, String localUser) {

    public static final String PREFIX = "iap";
    public static final String ASSERTION_HEADER = "x-goog-iap-jwt-assertion";

    public boolean configured() {
        return audience != null && !audience.isBlank();
    }
}
