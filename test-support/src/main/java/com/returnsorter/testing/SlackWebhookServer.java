package com.returnsorter.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP server standing in for a Slack incoming webhook on the loopback interface: records
 * every request and answers from a script (then 200 {@code ok}, as Slack does).
 */
public final class SlackWebhookServer implements AutoCloseable {

    /** The webhook path; it looks like a real one, secret token included, so tests can check it is never logged. */
    public static final String PATH = "/services/T0001/B0002/s3cretT0ken";

    /** One scripted answer. */
    public record Answer(int status, String body, Map<String, String> headers, long delayMillis) {

        public static Answer of(int status, String body) {
            return new Answer(status, body, Map.of(), 0);
        }

        public static Answer rateLimited(long retryAfterSeconds) {
            return new Answer(429, "rate_limited", Map.of("Retry-After", String.valueOf(retryAfterSeconds)), 0);
        }

        public static Answer slow(long delayMillis) {
            return new Answer(200, "ok", Map.of(), delayMillis);
        }
    }

    /**
     * A request as the webhook saw it.
     *
     * @param status what it was answered
     */
    public record Received(String path, String contentType, String body, int status) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Runnable> onArrival = new ConcurrentLinkedQueue<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    public SlackWebhookServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the Slack webhook server", e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    /** Forgets what was received and answers the next requests with {@code answers}, in order. */
    public void answer(Answer... answers) {
        reset();
        answerNext(answers);
    }

    /** Adds answers for the next requests, after any scripted before. */
    public void answerNext(Answer... answers) {
        script.addAll(List.of(answers));
    }

    /** Every request, in arrival order. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    public int requests() {
        return received.size();
    }

    /** The bodies of the messages Slack accepted (answered 2xx). */
    public List<String> delivered() {
        return received.stream().filter(r -> r.status() / 100 == 2).map(Received::body).toList();
    }

    public void reset() {
        script.clear();
        received.clear();
        onArrival.clear();
    }

    /**
     * Runs {@code action} when the next request has arrived, before it is answered: e.g. cutting the
     * service's history at the moment the message has reached Slack.
     */
    public void onNextArrival(Runnable action) {
        onArrival.add(action);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Answer answer = script.poll();
        if (answer == null) {
            answer = Answer.of(200, "ok");
        }
        // Recorded on arrival: a slow answer must not show up among a later test's requests.
        received.add(new Received(exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("Content-Type"), body, answer.status()));
        Runnable action = onArrival.poll();
        if (action != null) {
            action.run();
        }
        if (answer.delayMillis() > 0) {
            try {
                Thread.sleep(answer.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.getResponseHeaders().add("Content-Type", "text/plain");
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        try {
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException clientGone) {
            // the client timed out first
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
