package com.returnsorter.systemtests;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The part of a Cloud Run instance's metadata server a service here uses: identity tokens of the instance's
 * service account ({@code /computeMetadata/v1/instance/service-accounts/default/identity?audience=…}), which the
 * batch sends to the private predict service. Cloud Run checks those tokens before a request reaches the
 * service, so the token's signature is not what is tested here; which audience was asked for is recorded.
 * Anything else answers 404, as for a path the real server does not have.
 */
final class MetadataServer implements AutoCloseable {

    private static final String IDENTITY = "/computeMetadata/v1/instance/service-accounts/default/identity";

    private final HttpServer server;
    private final String serviceAccount;
    private final PushRelay.TokenSource tokens;
    private final List<String> audiences = new CopyOnWriteArrayList<>();

    MetadataServer(String serviceAccount, PushRelay.TokenSource tokens) throws IOException {
        this.serviceAccount = serviceAccount;
        this.tokens = tokens;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    /** {@code http://127.0.0.1:<port>}. */
    String url() {
        return "http://" + host();
    }

    /** {@code 127.0.0.1:<port>}, as {@code GCE_METADATA_HOST} wants it. */
    String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** The audiences identity tokens were asked for, in order. */
    List<String> audiences() {
        return List.copyOf(audiences);
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String audience = null;
            String query = exchange.getRequestURI().getRawQuery();
            if (query != null) {
                for (String pair : query.split("&")) {
                    if (pair.startsWith("audience=")) {
                        audience = URLDecoder.decode(pair.substring(9), StandardCharsets.UTF_8);
                    }
                }
            }
            boolean flavored = "Google".equals(exchange.getRequestHeaders().getFirst("Metadata-Flavor"));
            if (!IDENTITY.equals(exchange.getRequestURI().getPath()) || audience == null || !flavored) {
                send(exchange, 404, "not found");
                return;
            }
            audiences.add(audience);
            String token = tokens.idToken(serviceAccount, audience).orElseThrow();
            send(exchange, 200, token);
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.getResponseHeaders().set("Metadata-Flavor", "Google");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
