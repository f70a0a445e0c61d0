package com.returnsorter.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What Pub/Sub adds to a push and the emulator does not: the push account's OIDC token. A real
 * HTTP server on the loopback interface; point a push subscription's endpoint at
 * {@link #endpoint()} and every push is forwarded to {@code target} (method, path, query, body and
 * content type) with {@code Authorization: Bearer} {@link LocalOidcIssuer#idToken issuer.idToken(email, audience)};
 * the target's status and body are the answer the emulator sees.
 */
public final class OidcPushRelay implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private OidcPushRelay(HttpServer server) {
        this.server = server;
    }

    /**
     * @param target   the service's push URL, e.g. {@code http://127.0.0.1:8081/push}
     * @param email    the push service account the token is issued to
     * @param audience the token's audience (the subscription's {@code oidc_token.audience})
     */
    public static OidcPushRelay start(LocalOidcIssuer issuer, URI target, String email, String audience) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            OidcPushRelay relay = new OidcPushRelay(server);
            server.createContext("/", exchange -> relay.forward(exchange, issuer, target, email, audience));
            server.setExecutor(relay.executor);
            server.start();
            return relay;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The URL to give the push subscription: {@code http://127.0.0.1:<port>/push}. */
    public URI endpoint() {
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":"
                + server.getAddress().getPort() + "/push");
    }

    private void forward(HttpExchange exchange, LocalOidcIssuer issuer, URI target, String email, String audience)
            throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            String query = exchange.getRequestURI().getRawQuery();
            URI uri = query == null ? target : URI.create(target + "?" + query);
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10))
                    .header("Authorization", "Bearer " + issuer.idToken(email, audience))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            HttpResponse<byte[]> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(503, -1);
                return;
            } catch (IOException e) {
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            response.headers().firstValue("Content-Type")
                    .ifPresent(type -> exchange.getResponseHeaders().set("Content-Type", type));
            byte[] answer = response.body();
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
