package com.returnsorter.systemtests;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A Slack incoming webhook on the loopback interface: records the body of every POST to its path and
 * answers {@code 200 ok}, as Slack does. Anything else is a 404, so a wrong path shows up as a refused alert.
 */
final class RecordingSlackWebhook implements AutoCloseable {

    /** Shaped like a real webhook path; the path is the secret of a Slack webhook. */
    static final String PATH = "/services/T0SYSTEM/B0TEST/whole-chain-secret";

    private final HttpServer server;
    private final List<String> bodies = new CopyOnWriteArrayList<>();

    private RecordingSlackWebhook(HttpServer server) {
        this.server = server;
    }

    static RecordingSlackWebhook start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            RecordingSlackWebhook webhook = new RecordingSlackWebhook(server);
            server.createContext("/", webhook::handle);
            server.setExecutor(Executors.newSingleThreadExecutor(r -> {
                Thread thread = new Thread(r, "slack-webhook");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            return webhook;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the Slack webhook recorder", e);
        }
    }

    /** The webhook URL, for {@code SLACK_WEBHOOK_URL}. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    /** The bodies of the messages received so far, in arrival order. */
    List<String> messages() {
        return List.copyOf(bodies);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            boolean webhook = "POST".equals(exchange.getRequestMethod()) && PATH.equals(exchange.getRequestURI().getPath());
            if (webhook) {
                bodies.add(body);
            }
            byte[] answer = (webhook ? "ok" : "no_service").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(webhook ? 200 : 404, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
