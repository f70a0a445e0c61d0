package com.returnsorter.service.access;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * Who may push (docs/access-control.md, PUSH-AUTH-CONTRACT): a service that receives Pub/Sub pushes
 * maps {@code PUSH_SERVICE_ACCOUNT}, {@code PUSH_AUDIENCE}, {@code OIDC_JWKS_URI} and
 * {@code OIDC_ISSUERS} to these properties in its {@code application.yml}.
 *
 * @param serviceAccount the push service account; the token's {@code email} (with {@code email_verified})
 * @param audience       the token's {@code aud}: the subscription's {@code oidc_token.audience}
 * @param jwksUri        Google's OIDC key set
 * @param issuers        accepted {@code iss} values
 */
@ConfigurationProperties(PushAuthConfiguration.PREFIX)
// Only services that configure it (application.yml) have it; ServiceStarter binds every configuration eagerly.
@Requires(property = PushAuthConfiguration.PREFIX + ".jwks-uri")
public record PushAuthConfiguration(@Nullable String serviceAccount, @Nullable String audience, String jwksUri,
                                    List<String> issuers) {

    public static final String PREFIX = "push.auth";

    public boolean configured() {
        return serviceAccount != null && !serviceAccount.isBlank();
    }
}
