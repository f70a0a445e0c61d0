package com.returnsorter.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Google's OIDC token issuer, locally: an RSA key pair whose public half a real HTTP server on the
 * loopback interface serves as a JWKS at {@code /certs}, and ID tokens signed with it as Google
 * signs Pub/Sub push tokens (RS256, {@code kid}, {@code iss=https://accounts.google.com}). Point a
 * service's {@code OIDC_JWKS_URI} at {@link #jwksUri()}.
 *
 * <p>It also holds an ES256 key, served in the same key set, for Identity-Aware Proxy assertions
 * ({@link #iapAssertion}); IAP signs with ES256 and the service accepts only that algorithm for them.
 */
public final class LocalOidcIssuer implements AutoCloseable {

    public static final String GOOGLE_ISSUER = "https://accounts.google.com";
    public static final String IAP_ISSUER = "https://cloud.google.com/iap";

    private final RSAKey signingKey;
    private final ECKey iapKey;
    private final HttpServer server;

    private LocalOidcIssuer(RSAKey signingKey, ECKey iapKey, HttpServer server) {
        this.signingKey = signingKey;
        this.iapKey = iapKey;
        this.server = server;
    }

    /** A new key pair and a JWKS server on a free loopback port. */
    public static LocalOidcIssuer start() {
        try {
            RSAKey rsa = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .keyID("local-" + UUID.randomUUID()).generate();
            ECKey ec = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                    .keyID("local-iap-" + UUID.randomUUID()).generate();
            byte[] jwks = new JWKSet(List.<JWK>of(rsa.toPublicJWK(), ec.toPublicJWK())).toString(true)
                    .getBytes(StandardCharsets.UTF_8);
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/certs", exchange -> {
                try (exchange) {
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, jwks.length);
                    exchange.getResponseBody().write(jwks);
                }
            });
            server.start();
            return new LocalOidcIssuer(rsa, ec, server);
        } catch (JOSEException e) {
            throw new IllegalStateException("could not generate a signing key", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:<port>/certs} */
    public String jwksUri() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort()
                + "/certs";
    }

    /** A Pub/Sub push token: for {@code email} (verified), audience {@code audience}, valid for an hour. */
    public String idToken(String email, String audience) {
        return idToken(email, audience, Map.of(), Duration.ofHours(1));
    }

    /**
     * A token like {@link #idToken(String, String)}; {@code extraClaims} are added or replace the
     * standard ones (e.g. {@code iss}, {@code email_verified}); {@code ttl} may be negative for an expired token.
     */
    public String idToken(String email, String audience, Map<String, Object> extraClaims, Duration ttl) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(GOOGLE_ISSUER)
                .audience(audience)
                .subject("1" + Math.abs(email.hashCode()))
                .claim("azp", "1" + Math.abs(email.hashCode()))
                .claim("email", email)
                .claim("email_verified", true)
                .issueTime(Date.from(ttl.isNegative() ? now.plus(ttl).minus(Duration.ofHours(1)) : now))
                .expirationTime(Date.from(now.plus(ttl)));
        extraClaims.forEach(claims::claim);
        return sign(claims.build(), new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID())
                .type(JOSEObjectType.JWT).build(), true);
    }

    /** An Identity-Aware Proxy assertion ({@code x-goog-iap-jwt-assertion}): ES256, issuer {@value #IAP_ISSUER}. */
    public String iapAssertion(String email, String audience) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(IAP_ISSUER).audience(audience)
                .subject("accounts.google.com:" + Math.abs(email.hashCode())).claim("email", email)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(10)))).build();
        return sign(claims, new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(iapKey.getKeyID()).build(), false);
    }

    private String sign(JWTClaimsSet claims, JWSHeader header, boolean rsa) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(rsa ? new RSASSASigner(signingKey) : new ECDSASigner(iapKey));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a token", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
