package com.returnsorter.service.access;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.returnsorter.service.startup.InvalidConfigurationException;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.security.authentication.Authentication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.text.ParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Decides who may push: a push must carry an OIDC token issued by Google to the configured push
 * service account ({@code email}, {@code email_verified}) for this service's audience. Created at
 * start-up, so a service without {@code PUSH_SERVICE_ACCOUNT} stops at once — except in the
 * {@code local} environment (./run-local), where pushes between local services carry no token and
 * are accepted, with a WARN.
 */
@Context
@Requires(property = PushAuthConfiguration.PREFIX + ".jwks-uri")
public class PushAccess {

    public static final String LOCAL_ENVIRONMENT = "local";
    private static final Logger LOG = LoggerFactory.getLogger(PushAccess.class);

    private final PushAuthConfiguration configuration;
    private final OidcTokenVerifier verifier;

    public PushAccess(PushAuthConfiguration configuration, Environment environment) {
        this.configuration = configuration;
        if (!configuration.configured()) {
            if (!environment.getActiveNames().contains(LOCAL_ENVIRONMENT)) {
                throw new InvalidConfigurationException("PUSH_SERVICE_ACCOUNT", "is empty; /push accepts only"
                        + " OIDC tokens of the push service account (only the 'local' environment accepts unsigned pushes)");
            }
            LOG.warn("PUSH_SERVICE_ACCOUNT is empty in the local environment: /push accepts pushes without a token");
            this.verifier = null;
            return;
        }
        if (configuration.audience() == null || configuration.audience().isBlank()) {
            throw new InvalidConfigurationException("PUSH_AUDIENCE", "is empty; set it to the push subscription's"
                    + " oidc_token audience");
        }
        if (configuration.issuers() == null || configuration.issuers().isEmpty()) {
            throw new InvalidConfigurationException("OIDC_ISSUERS", "is empty");
        }
        try {
            this.verifier = new OidcTokenVerifier(configuration.jwksUri(), JWSAlgorithm.RS256,
                    new HashSet<>(configuration.issuers()), configuration.audience());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("OIDC_JWKS_URI", e.getMessage());
        }
        LOG.info("/push accepts OIDC tokens of {} for audience {}", configuration.serviceAccount(),
                configuration.audience());
    }

    /** True only in the local environment without a push service account. */
    public boolean acceptsUnsignedPushes() {
        return verifier == null;
    }

    /**
     * @return the push identity, with role {@link Roles#PUSH}
     * @throws OidcTokenVerifier.RejectedTokenException when the token is not the push account's for this audience
     */
    public Authentication authenticate(String token) {
        if (verifier == null) {
            throw new OidcTokenVerifier.RejectedTokenException("push tokens are not checked here");
        }
        JWTClaimsSet claims = verifier.verify(token);
        String email;
        Boolean verified;
        try {
            email = claims.getStringClaim("email");
            verified = claims.getBooleanClaim("email_verified");
        } catch (ParseException e) {
            throw new OidcTokenVerifier.RejectedTokenException("the token's email claims are malformed");
        }
        if (email == null || !email.equalsIgnoreCase(configuration.serviceAccount())) {
            throw new OidcTokenVerifier.RejectedTokenException("the token was not issued to the push service account");
        }
        if (!Boolean.TRUE.equals(verified)) {
            throw new OidcTokenVerifier.RejectedTokenException("the token's email is not verified");
        }
        return Authentication.build(email, List.of(Roles.PUSH), Map.of("email", email));
    }
}
