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
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who a person is: the {@code email} of the IAP assertion (ES256, IAP's key set, issuer and the
 * service's audience). Without {@code IAP_AUDIENCE}, the {@code local} environment treats every
 * caller as the configured local user; elsewhere pages are refused (a WARN at start says so).
 */
@Context
@Requires(property = IapConfiguration.PREFIX + ".jwks-uri")
public class IapAccess {

    private static final Logger LOG = LoggerFactory.getLogger(IapAccess.class);

    private final OidcTokenVerifier verifier;
    private final String localUser;

    public IapAccess(IapConfiguration configuration, Environment environment) {
        if (configuration.configured()) {
            try {
                this.verifier = new OidcTokenVerifier(configuration.jwksUri(), JWSAlgorithm.ES256,
                        Set.of(configuration.issuer()), configuration.audience());
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationException("IAP_JWKS_URI", e.getMessage());
            }
            this.localUser = null;
            LOG.info("Pages accept people signed in through Identity-Aware Proxy for {}", configuration.audience());
        } else if (environment.getActiveNames().contains(PushAccess.LOCAL_ENVIRONMENT)) {
            this.verifier = null;
            this.localUser = configuration.localUser();
            LOG.warn("IAP_AUDIENCE is empty in the local environment: pages are served to everyone as '{}'", localUser);
        } else {
            this.verifier = null;
            this.localUser = null;
            LOG.warn("IAP_AUDIENCE is empty: pages are refused (they need Identity-Aware Proxy outside the local environment)");
        }
    }

    public boolean verifiesAssertions() {
        return verifier != null;
    }

    /** The local user's name when pages are served without IAP (local environment only). */
    public java.util.Optional<String> localUser() {
        return java.util.Optional.ofNullable(localUser);
    }

    /** @throws OidcTokenVerifier.RejectedTokenException when the assertion does not pass */
    public Authentication authenticate(String assertion) {
        if (verifier == null) {
            throw new OidcTokenVerifier.RejectedTokenException("IAP assertions are not checked here");
        }
        JWTClaimsSet claims = verifier.verify(assertion);
        String email;
        try {
            email = claims.getStringClaim("email");
        } catch (ParseException e) {
            email = null;
        }
        if (email == null || email.isBlank()) {
            throw new OidcTokenVerifier.RejectedTokenException("the IAP assertion names no email");
        }
        return Authentication.build(email, List.of(Roles.PEOPLE), Map.of("email", email));
    }
}
