package com.returnsorter.testing;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** What the emulator POSTs to a push endpoint, checked against a real HTTP server in the test. */
class PubSubPushTest {

    @RegisterExtension
    static final PubSubEmulator PUBSUB = new PubSubEmulator();

    private static final Logger LOG = LoggerFactory.getLogger(PubSubPushTest.class);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Path RECORDS = Path.of("target", "emulator-observations");

    private record Delivery(Instant at, String path, Map<String, List<String>> headers, String body) {
    }

    private final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
    private final AtomicInteger failuresToAnswer = new AtomicInteger();
    private HttpServer server;

    @BeforeEach
    void startEndpoint() throws IOException {
        PUBSUB.reset();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/push", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                deliveries.add(new Delivery(Instant.now(), exchange.getRequestURI().toString(),
                        Map.copyOf(exchange.getRequestHeaders()), body));
            }
            // 422 is what micronaut-gcp's PushController answers for a nack.
            int status = failuresToAnswer.getAndDecrement() > 0 ? 422 : 204;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopEndpoint() {
        PUBSUB.reset();
        server.stop(0);
    }

    @Test
    void pushDeliversAPubSubPushEnvelope() throws Exception {
        PUBSUB.createTopic("batch-trigger");
        PUBSUB.createPushSubscription("batch-trigger-push", "batch-trigger", endpoint(), 30);

        String messageId = PUBSUB.publish("batch-trigger", "{\"trigger\":\"scheduler\"}".getBytes(StandardCharsets.UTF_8),
                Map.of("origin", "test", "runId", "20260101_020000"));

        Delivery delivery = next();
        record(delivery, "push-envelope.txt");
        assertThat(delivery.path()).isEqualTo("/push");
        assertThat(delivery.headers().get("Content-type")).anySatisfy(v -> assertThat(v).startsWith("application/json"));

        JsonObject envelope = JsonParser.parseString(delivery.body()).getAsJsonObject();
        assertThat(envelope.get("subscription").getAsString())
                .isEqualTo("projects/return-sorter-test/subscriptions/batch-trigger-push");
        JsonObject message = envelope.getAsJsonObject("message");
        assertThat(new String(Base64.getDecoder().decode(message.get("data").getAsString()), StandardCharsets.UTF_8))
                .isEqualTo("{\"trigger\":\"scheduler\"}");
        assertThat(message.get("messageId").getAsString()).isEqualTo(messageId);
        assertThat(message.getAsJsonObject("attributes").get("origin").getAsString()).isEqualTo("test");
        assertThat(message.getAsJsonObject("attributes").get("runId").getAsString()).isEqualTo("20260101_020000");
        // RFC 3339 in UTC, as the real service sends it.
        Instant publishTime = Instant.parse(message.get("publishTime").getAsString());
        assertThat(publishTime).isBetween(delivery.at().minusSeconds(120), delivery.at().plusSeconds(5));
    }

    @Test
    void nonSuccessAnswerMakesTheEmulatorRedeliver() throws Exception {
        failuresToAnswer.set(3);
        PUBSUB.createTopic("batch-completed");
        PUBSUB.createPushSubscription("report-push", "batch-completed", endpoint(), 10);

        String messageId = PUBSUB.publish("batch-completed", "done".getBytes(StandardCharsets.UTF_8), Map.of());

        List<Delivery> attempts = new ArrayList<>();
        while (attempts.size() < 4) {
            attempts.add(next());
        }
        assertThat(attempts).allSatisfy(d -> assertThat(JsonParser.parseString(d.body()).getAsJsonObject()
                .getAsJsonObject("message").get("messageId").getAsString()).isEqualTo(messageId));

        StringBuilder report = new StringBuilder("attempt, ms after the previous attempt, answer\n");
        for (int i = 0; i < attempts.size(); i++) {
            long gap = i == 0 ? 0 : Duration.between(attempts.get(i - 1).at(), attempts.get(i).at()).toMillis();
            report.append(i + 1).append(", ").append(gap).append(", ").append(i < 3 ? 422 : 204).append('\n');
        }
        Files.createDirectories(RECORDS);
        Files.writeString(RECORDS.resolve("push-redelivery.txt"), report);
        LOG.info("Redelivery after 422 answers:\n{}", report);
    }

    private String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/push";
    }

    private Delivery next() throws InterruptedException {
        Delivery delivery = deliveries.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(delivery).as("a push request within %s", WAIT).isNotNull();
        return delivery;
    }

    private static void record(Delivery delivery, String file) throws IOException {
        String text = "POST " + delivery.path() + "\n" + delivery.headers() + "\n\n" + delivery.body() + "\n";
        Files.createDirectories(RECORDS);
        Files.writeString(RECORDS.resolve(file), text);
        LOG.info("Push request from the emulator:\n{}", text);
    }
}
