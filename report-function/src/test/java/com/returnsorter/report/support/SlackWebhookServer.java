package com.returnsorter.report.support;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * A real HTTP server standing in for a Slack incoming webhook: records every POST body and answers
 * with scripted statuses (then 200 {@code ok}, as Slack does).
 */
public final class SlackWebhookServer implements AutoCloseable {

    private final HttpServer server;
    private final List<String> delivered = new ArrayList<>();
    private final Deque<Answer> script = new ArrayDeque<>();
    private int requests;

    /** A scripted answer: status, body and headers. */
    public record Answer(int status, String body, Map<String, String> headers) {
    }

    public SlackWebhookServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/services/T000/B000/XXXX", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Answer answer;
            synchronized (this) {
                requests++;
                answer = script.isEmpty() ? new Answer(200, "ok", Map.of()) : script.poll();
                if (answer.status() == 200) {
                    delivered.add(body);
                }
            }
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/services/T000/B000/XXXX";
    }

    /** The next requests get these answers, in order; after them, 200. */
    public synchronized void answerNext(Answer... answers) {
        script.addAll(List.of(answers));
    }

    /** The bodies of the messages Slack accepted (answered 200). */
    public synchronized List<String> delivered() {
        return List.copyOf(delivered);
    }

    public synchronized int requests() {
        return requests;
    }

    public synchronized void reset() {
        delivered.clear();
        script.clear();
        requests = 0;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
