package com.returnsorter.batch.predict;

import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batch's calls to a private predict service carry an identity token from the metadata server,
 * for the predict URL as audience, through google-auth-library's {@code IdTokenCredentials}. Both ends are real HTTP servers: one plays the GCE metadata server,
 * the other records what reaches "predict".
 */
class PredictIdentityTokenTest {

    @TempDir
    Path bucket;
    private HttpServer metadata;
    private HttpServer predict;
    private final List<String> tokenRequests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final AtomicInteger issued = new AtomicInteger();
    private final AtomicLong lifetimeSeconds = new AtomicLong(3600);
    private volatile int metadataStatus = 200;
    private final List<String> tokensIssued = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServers() throws IOException {
        metadata = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        metadata.createContext("/computeMetadata/v1/instance/service-accounts/default/identity", exchange -> {
            tokenRequests.add(exchange.getRequestHeaders().getFirst("Metadata-Flavor") + " " + exchange.getRequestURI().getQuery());
            byte[] body = issue(issued.incrementAndGet(), Instant.now().getEpochSecond() + lifetimeSeconds.get())
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(metadataStatus, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        metadata.start();
        predict = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        predict.createContext("/health", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(authorization == null ? "<none>" : authorization);
            byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        predict.start();
    }

    @AfterEach
    void stopServers() {
        metadata.stop(0);
        predict.stop(0);
    }

    @Test
    void callsCarryAnIdentityTokenForThePredictUrlAndReuseIt() {
        try (ApplicationContext context = batchContext(true)) {
            PredictApi api = context.getBean(PredictApi.class);
            api.health();
            api.health();
            api.health();
        }
        assertThat(authorizations).containsExactly("Bearer " + issued(1), "Bearer " + issued(1), "Bearer " + issued(1));
        assertThat(tokenRequests).singleElement().asString().startsWith("Google ")
                .contains("audience=http://127.0.0.1:" + port(predict)).contains("format=full");
    }

    @Test
    void aTokenAboutToExpireIsReplaced() {
        lifetimeSeconds.set(60); // google-auth-library refreshes a token with less than a few minutes left
        try (ApplicationContext context = batchContext(true)) {
            PredictApi api = context.getBean(PredictApi.class);
            api.health();
            api.health();
        }
        assertThat(authorizations).containsExactly("Bearer " + issued(1), "Bearer " + issued(2));
    }

    @Test
    void aMetadataServerFailureIsATransientPredictFailureThatNamesTheCause() {
        metadataStatus = 500;
        try (ApplicationContext context = batchContext(true)) {
            PredictOutcome outcome = context.getBean(PredictGateway.class).classify("incoming/a.jpg");
            assertThat(outcome.kind()).isEqualTo(PredictOutcome.Kind.FAILED);
            assertThat(outcome.reason()).isEqualTo("predict-unreachable");
            assertThat(outcome.message()).contains("metadata server").contains("500");
        }
        assertThat(authorizations).isEmpty();
    }

    @Test
    void localModeSendsNoToken() {
        try (ApplicationContext context = batchContext(false)) {
            context.getBean(PredictApi.class).health();
        }
        assertThat(authorizations).containsExactly("<none>");
        assertThat(tokenRequests).isEmpty();
    }

    private ApplicationContext batchContext(boolean identityToken) {
        return ApplicationContext.run(Map.of(
                "micronaut.server.port", -1,
                "storage.local-root", bucket.toString(),
                "micronaut.http.services.predict.url", "http://127.0.0.1:" + port(predict),
                "predict-client.identity-token", identityToken,
                "predict-client.metadata-url", "http://127.0.0.1:" + port(metadata),
                "predict-client.attempts", 1), "local"); // local: no push account needed here
    }

    private static int port(HttpServer server) {
        return server.getAddress().getPort();
    }

    /** The n-th token the fake metadata server issued. */
    private String issued(int n) {
        return tokensIssued.get(n - 1);
    }

    /** A JWT-shaped token (header.claims.signature) with the given exp, recorded as issued. */
    private String issue(int n, long exp) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String token = b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"exp\":" + exp + ",\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8)) + ".sig" + n;
        tokensIssued.add(token);
        return token;
    }
}
