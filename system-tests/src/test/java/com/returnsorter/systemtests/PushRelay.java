package com.returnsorter.systemtests;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Stands between the Pub/Sub emulator and the services where Google's push machinery would: the emulator
 * pushes subscription {@code S} to {@code <relay>/S}, and the relay forwards the envelope to S's
 * {@code push_endpoint} with {@code Authorization: Bearer <OIDC token>} for S's {@code oidc_token} (service
 * account e-mail and audience, as terraform declares them), then answers the emulator with the service's
 * answer, so acks, nacks and retries stay the service's. The emulator itself attaches no token.
 *
 * <p>Every forwarded push is recorded with the service's status and body: a 404 from micronaut-gcp's
 * PushController ("No subscribers were found for subscription …") is how a subscription name that no
 * {@code @PushSubscription} listens on shows, a 403 how a token for the wrong identity or audience does.
 * That record, and one server for every subscription, is why this is not test-support's OidcPushRelay
 * (one server per target, answers not kept); the tokens come from the same LocalOidcIssuer.
 */
final class PushRelay implements AutoCloseable {

    /** Where a subscription's pushes go and as whom. */
    record Route(String subscription, URI endpoint, String serviceAccount, String audience) {
    }

    record Forwarded(Instant at, String subscription, URI endpoint, int status, String body, boolean withToken) {
        boolean acknowledged() {
            return status >= 200 && status < 300;
        }

        @Override
        public String toString() {
            return subscription + " -> " + endpoint + ": " + status + (withToken ? "" : " (sent without a token)")
                    + (body.isBlank() ? "" : " " + body.strip());
        }
    }

    /** An OIDC token as Google would sign it for the push service account, or empty when none can be made. */
    @FunctionalInterface
    interface TokenSource {
        Optional<String> idToken(String email, String audience);
    }

    private static final Duration FORWARD_TIMEOUT = Duration.ofMinutes(10); // the longest ack deadline

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final List<Forwarded> forwarded = new CopyOnWriteArrayList<>();
    private final TokenSource tokens;

    PushRelay(TokenSource tokens) throws IOException {
        this.tokens = tokens;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::relay);
        server.setExecutor(executor);
        server.start();
    }

    /** The address the emulator should push {@code subscription} to; pushes are forwarded by {@code route}. */
    String add(Route route) {
        routes.put(route.subscription(), route);
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + route.subscription();
    }

    List<Forwarded> forwarded() {
        return List.copyOf(forwarded);
    }

    List<Forwarded> forwarded(String subscription) {
        return forwarded.stream().filter(f -> f.subscription().equals(subscription)).toList();
    }

    private void relay(HttpExchange exchange) throws IOException {
        try (exchange) {
            String subscription = exchange.getRequestURI().getPath().substring(1);
            Route route = routes.get(subscription);
            byte[] envelope = exchange.getRequestBody().readAllBytes();
            if (route == null || !"POST".equals(exchange.getRequestMethod())) {
                answer(exchange, 404, "{\"error\":\"the relay has no route for " + subscription + "\"}");
                return;
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(route.endpoint()).timeout(FORWARD_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(envelope));
            Optional<String> token = route.serviceAccount() == null ? Optional.empty()
                    : tokens.idToken(route.serviceAccount(), route.audience());
            token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
            int status;
            String body;
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                status = response.statusCode();
                body = response.body();
            } catch (IOException e) {
                status = 502;
                body = "{\"error\":\"the relay could not reach " + route.endpoint() + ": " + e + "\"}";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                status = 503;
                body = "{\"error\":\"interrupted\"}";
            }
            forwarded.add(new Forwarded(Instant.now(), subscription, route.endpoint(), status,
                    body.length() > 500 ? body.substring(0, 500) + "…" : body, token.isPresent()));
            answer(exchange, status, body);
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
