package com.returnsorter.batch.support;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * What Cloud Run's front end does for a push subscription here: one push endpoint, each request handed to
 * the next of several instances in turn. An instance that is down answers as a dead one would (the
 * connection fails: 503 to Pub/Sub, which delivers the message again later).
 */
public final class RoundRobinPush implements AutoCloseable {

    /** One instance: its {@code /push} and whether it is still alive. */
    public record Backend(URI push, BooleanSupplier alive) {
    }

    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger[] served;

    public RoundRobinPush(List<Backend> backends) {
        served = new AtomicInteger[backends.size()];
        for (int i = 0; i < served.length; i++) {
            served[i] = new AtomicInteger();
        }
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/push", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            int index = Math.floorMod(next.getAndIncrement(), backends.size());
            Backend backend = backends.get(index);
            int status;
            byte[] answer;
            if (!backend.alive().getAsBoolean()) {
                status = 503;
                answer = new byte[0];
            } else {
                try {
                    HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(backend.push())
                            .timeout(Duration.ofMinutes(5))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
                    status = response.statusCode();
                    answer = response.body();
                    served[index].incrementAndGet();
                } catch (IOException | InterruptedException e) {
                    status = 503;
                    answer = new byte[0];
                }
            }
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/push");
    }

    /** Pushes each instance answered. */
    public int served(int backend) {
        return served[backend].get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
