package com.returnsorter.systemtests;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Google-shaped OIDC ID tokens (RS256, {@code iss=https://accounts.google.com}, {@code email},
 * {@code email_verified}, {@code aud}, an hour long) signed by a key made for this test run. Stands in until
 * test-support's LocalOidcIssuer (which also serves the key set) is on this branch.
 */
final class TestTokens {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final KeyPair keys;

    TestTokens() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            keys = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    Optional<String> idToken(String email, String audience) {
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"system-test\"}";
        String payload = "{\"iss\":\"https://accounts.google.com\",\"aud\":\"" + audience + "\",\"email\":\"" + email
                + "\",\"email_verified\":true,\"sub\":\"" + Math.abs(email.hashCode()) + "\",\"iat\":" + now
                + ",\"exp\":" + (now + 3600) + "}";
        String signingInput = BASE64URL.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + BASE64URL.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(keys.getPrivate());
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return Optional.of(signingInput + "." + BASE64URL.encodeToString(rs256.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
