package com.returnsorter.batch.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server in front of the real predict function that answers the next N
 * {@code /predict} calls with a fault (503, 429 with Retry-After, or a stall past the client's
 * timeout) and forwards everything else: the predict function cannot be made to fail on cue.
 */
public final class FaultyPredictProxy implements AutoCloseable {

    public enum Fault { UNAVAILABLE_503, RATE_LIMITED_429, STALL }

    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final URI target;
    private final AtomicInteger faultsLeft = new AtomicInteger();
    private final AtomicInteger faultsServed = new AtomicInteger();
    private volatile Fault fault = Fault.UNAVAILABLE_503;
    private volatile long stallMillis = 3000;

    public FaultyPredictProxy(URI target) throws IOException {
        this.target = target;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    /** The next {@code count} predictions fail with {@code fault}. */
    public void failNext(int count, Fault fault) {
        this.fault = fault;
        faultsLeft.set(count);
    }

    public void stallFor(long millis) {
        this.stallMillis = millis;
    }

    public int faultsServed() {
        return faultsServed.get();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (exchange.getRequestURI().getPath().equals("/predict") && faultsLeft.getAndDecrement() > 0) {
                faultsServed.incrementAndGet();
                switch (fault) {
                    case UNAVAILABLE_503 -> respond(exchange, 503, "{\"error\":\"busy\",\"status\":503,\"reason\":\"busy\"}");
                    case RATE_LIMITED_429 -> {
                        exchange.getResponseHeaders().add("Retry-After", "1");
                        respond(exchange, 429, "{\"error\":\"slow down\",\"status\":429,\"reason\":\"rate-limited\"}");
                    }
                    case STALL -> {
                        Thread.sleep(stallMillis);
                        respond(exchange, 503, "{\"error\":\"late\",\"status\":503,\"reason\":\"late\"}");
                    }
                }
                return;
            }
            HttpRequest.Builder forward = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                    .method(exchange.getRequestMethod(),
                            HttpRequest.BodyPublishers.ofByteArray(exchange.getRequestBody().readAllBytes()));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (name.equalsIgnoreCase("Content-Type") || name.equalsIgnoreCase("X-API-Key")) {
                    values.forEach(v -> forward.header(name, v));
                }
            });
            HttpResponse<byte[]> response = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            response.headers().firstValue("Content-Type").ifPresent(v -> exchange.getResponseHeaders().add("Content-Type", v));
            exchange.sendResponseHeaders(response.statusCode(), response.body().length == 0 ? -1 : response.body().length);
            if (response.body().length > 0) {
                exchange.getResponseBody().write(response.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
