package com.returnsorter.batch.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP server standing in for the predict function, for tests of the engine that need a
 * predict whose answers can be held back (a slow delivery) without the model: {@code /health} answers
 * 200; {@code POST /predict} with {@code {"object": key}} answers 404 when the object is not in the
 * bucket directory, else a confident {@code Shirt}, or a {@code Dress} at 0.55 (below the review
 * threshold) for names containing {@code unsure}.
 */
public final class StubPredict implements AutoCloseable {

    private static final Pattern OBJECT = Pattern.compile("\"object\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final HttpServer server;
    private final Path bucket;
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private final AtomicInteger toHold = new AtomicInteger();
    private final Semaphore held = new Semaphore(0);
    private volatile CountDownLatch release = new CountDownLatch(0);
    private volatile IntConsumer beforeAnswer = n -> { };

    public StubPredict(Path bucket) throws IOException {
        this.bucket = bucket;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/health", exchange -> respond(exchange, 200, "{\"status\":\"UP\",\"model_loaded\":true}"));
        server.createContext("/predict", this::predict);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next {@code count} predictions wait, once they arrived, until {@link #release()}. */
    public void holdNext(int count) {
        release = new CountDownLatch(1);
        toHold.set(count);
    }

    /** Waits until {@code count} held predictions have arrived. */
    public void awaitHeld(int count) throws InterruptedException {
        if (!held.tryAcquire(count, 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the held predictions did not arrive");
        }
    }

    public void release() {
        release.countDown();
    }

    /** Runs {@code action} with the number of the prediction (1, 2, …) before each answer: a slow answer in simulated time. */
    public void beforeAnswer(IntConsumer action) {
        this.beforeAnswer = action;
    }

    /** The object keys asked about, in order of arrival. */
    public List<String> asked() {
        return List.copyOf(asked);
    }

    private void predict(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher matcher = OBJECT.matcher(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (!matcher.find()) {
                respond(exchange, 400, "{\"error\":\"no object\",\"status\":400,\"reason\":\"no-file\"}");
                return;
            }
            String key = matcher.group(1);
            asked.add(key);
            int number = asked.size();
            // As the predict function does: read the photo first, then take its time over the answer.
            if (!Files.isRegularFile(bucket.resolve(key))) {
                respond(exchange, 404, "{\"error\":\"no such object\",\"status\":404,\"reason\":\"object-not-found\"}");
                return;
            }
            if (toHold.getAndDecrement() > 0) {
                held.release();
                release.await();
            }
            beforeAnswer.accept(number);
            boolean unsure = key.contains("unsure");
            String category = unsure ? "Dress" : "Shirt";
            double confidence = unsure ? 0.55 : 0.93;
            respond(exchange, 200, "{\"category\":\"" + category + "\",\"confidence\":" + confidence
                    + ",\"timestamp\":\"2026-11-22T02:00:00Z\",\"all_predictions\":{\"" + category + "\":" + confidence
                    + ",\"Coat\":0.03},\"model\":{\"name\":\"stub\",\"version\":\"1\"}}");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
