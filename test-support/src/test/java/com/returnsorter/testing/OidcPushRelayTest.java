package com.returnsorter.testing;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The local issuer's tokens verify against the key set it serves; the relay forwards pushes with one. */
class OidcPushRelayTest {

    static final String ACCOUNT = "pubsub-push@p.iam.gserviceaccount.com";
    static final String AUDIENCE = "https://service.test/push";

    @Test
    void tokensVerifyAgainstTheServedKeySetWithTheContractsClaims() throws Exception {
        try (LocalOidcIssuer issuer = LocalOidcIssuer.start()) {
            SignedJWT token = SignedJWT.parse(issuer.idToken(ACCOUNT, AUDIENCE));
            assertThat(verifies(issuer, token)).isTrue();
            assertThat(token.getHeader().getKeyID()).isNotBlank();
            assertThat(token.getJWTClaimsSet().getIssuer()).isEqualTo("https://accounts.google.com");
            assertThat(token.getJWTClaimsSet().getAudience()).containsExactly(AUDIENCE);
            assertThat(token.getJWTClaimsSet().getStringClaim("email")).isEqualTo(ACCOUNT);
            assertThat(token.getJWTClaimsSet().getBooleanClaim("email_verified")).isTrue();
            assertThat(token.getJWTClaimsSet().getExpirationTime()).isAfter(new Date());

            SignedJWT expired = SignedJWT.parse(issuer.idToken(ACCOUNT, AUDIENCE, Map.of("iss", "other"),
                    Duration.ofMinutes(-1)));
            assertThat(expired.getJWTClaimsSet().getExpirationTime()).isBefore(new Date());
            assertThat(expired.getJWTClaimsSet().getIssuer()).isEqualTo("other");
            try (LocalOidcIssuer stranger = LocalOidcIssuer.start()) {
                assertThat(verifies(issuer, SignedJWT.parse(stranger.idToken(ACCOUNT, AUDIENCE)))).isFalse();
            }
        }
    }

    @Test
    void theRelayForwardsThePushWithTheAccountsTokenAndReturnsTheAnswer() throws Exception {
        AtomicReference<String> authorization = new AtomicReference<>();
        AtomicReference<String> body = new AtomicReference<>();
        HttpServer target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        target.createContext("/push", exchange -> {
            try (exchange) {
                authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
                body.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                byte[] answer = "{\"error\":\"nack\"}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(422, answer.length);
                exchange.getResponseBody().write(answer);
            }
        });
        target.start();
        try (LocalOidcIssuer issuer = LocalOidcIssuer.start();
             OidcPushRelay relay = OidcPushRelay.start(issuer,
                     URI.create("http://127.0.0.1:" + target.getAddress().getPort() + "/push"), ACCOUNT, AUDIENCE)) {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(relay.endpoint())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"message\":{}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(422);
            assertThat(answer.body()).isEqualTo("{\"error\":\"nack\"}");
            assertThat(body.get()).isEqualTo("{\"message\":{}}");
            assertThat(authorization.get()).startsWith("Bearer ");
            SignedJWT token = SignedJWT.parse(authorization.get().substring("Bearer ".length()));
            assertThat(verifies(issuer, token)).isTrue();
            assertThat(token.getJWTClaimsSet().getStringClaim("email")).isEqualTo(ACCOUNT);
            assertThat(token.getJWTClaimsSet().getAudience()).containsExactly(AUDIENCE);
        } finally {
            target.stop(0);
        }
    }

    private static boolean verifies(LocalOidcIssuer issuer, SignedJWT token) throws Exception {
        JWKSet keys = JWKSet.load(URI.create(issuer.jwksUri()).toURL());
        var key = keys.getKeyByKeyId(token.getHeader().getKeyID());
        return key instanceof RSAKey rsa && token.verify(new RSASSAVerifier(rsa));
    }
}
