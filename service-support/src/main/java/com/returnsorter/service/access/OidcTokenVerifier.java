package com.returnsorter.service.access;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Verifies a Google-signed OIDC token: the signature with a key of the JWKS at {@code jwksUri}
 * (fetched when first needed, cached and refreshed ahead of expiry in the background, fetched again
 * for an unknown {@code kid}), the algorithm, the
 * issuer, the audience, and the expiry ({@code exp} required; one minute of clock skew). What the
 * token says about its subject (e.g. {@code email}) is checked by the caller on the returned claims.
 *
 * <p>Built on nimbus-jose-jwt directly rather than micronaut-security-jwt's token validation: that
 * one validates every {@code Authorization: Bearer} token against one global set of signatures and
 * claim validators, while a service here checks two kinds of token (Pub/Sub push, IAP) that differ
 * in header, key set, algorithm, issuer and audience.
 */
public final class OidcTokenVerifier {

    private static final int TIMEOUT_MILLIS = 5_000;
    private static final int JWKS_SIZE_LIMIT = 256 * 1024;

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final Set<String> issuers;

    public OidcTokenVerifier(String jwksUri, JWSAlgorithm algorithm, Set<String> issuers, String audience) {
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.<SecurityContext>create(URI.create(jwksUri).toURL(),
                            new DefaultResourceRetriever(TIMEOUT_MILLIS, TIMEOUT_MILLIS, JWKS_SIZE_LIMIT))
                    .retrying(true)
                    // Refreshed in the background before it expires, so only the first token waits for the network.
                    .refreshAheadCache(JWKSourceBuilder.DEFAULT_REFRESH_AHEAD_TIME, true)
                    .build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URL: " + jwksUri, e);
        }
        this.issuers = Set.copyOf(issuers);
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithm, keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                // Mutable sets: the verifier asks them contains(null), which immutable sets answer with an NPE.
                new HashSet<>(List.of(audience)), new JWTClaimsSet.Builder().build(),
                new HashSet<>(List.of("iss", "aud", "exp", "iat")), new HashSet<>()));
    }

    /**
     * @return the token's verified claims
     * @throws RejectedTokenException with a short reason the caller may be told
     */
    public JWTClaimsSet verify(String token) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            throw new RejectedTokenException("the token is not a JWT");
        } catch (BadJOSEException e) {
            throw new RejectedTokenException(e.getMessage());
        } catch (JOSEException e) {
            // The key set could not be fetched or the signature not checked: not the caller's fault, but no access.
            throw new RejectedTokenException("the token could not be verified now: " + e.getMessage());
        }
        if (!issuers.contains(claims.getIssuer())) {
            throw new RejectedTokenException("the token's issuer is not accepted");
        }
        return claims;
    }

    /** A token that does not pass; the message says why without quoting the token. */
    public static final class RejectedTokenException extends RuntimeException {
        public RejectedTokenException(String message) {
            super(message, null, false, false);
        }
    }
}
