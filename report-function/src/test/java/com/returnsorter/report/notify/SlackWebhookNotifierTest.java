package com.returnsorter.report.notify;

import com.returnsorter.report.alerts.DeliveryException;
import com.returnsorter.report.alerts.Notifier;
import com.returnsorter.testing.SlackWebhookServer;
import com.returnsorter.testing.SlackWebhookServer.Answer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SlackWebhookNotifierTest {

    @TempDir
    static Path folder;

    private static SlackWebhookServer slack;
    private static ApplicationContext context;
    private static Notifier notifier;

    @BeforeAll
    static void start() throws IOException {
        slack = new SlackWebhookServer();
        context = context(slack.url());
        notifier = context.getBean(SlackWebhookNotifier.class);
    }

    static ApplicationContext context(String webhookUrl) {
        return TestContexts.start(folder, Map.of(
                "slack.webhook-url", webhookUrl,
                "slack.max-retry-after", "2s",
                "micronaut.http.services.slack.read-timeout", "1s"));
    }

    @AfterAll
    static void stop() {
        context.close();
        slack.close();
    }

    @Test
    void postsTheBlockKitPayloadToTheWebhook() throws Exception {
        slack.answer(Answer.of(200, "ok"));

        String target = notifier.send(Alerts.lowConfidence());

        assertThat(target).isEqualTo("slack-webhook");
        assertThat(slack.received()).hasSize(1);
        SlackWebhookServer.Received request = slack.received().get(0);
        assertThat(request.path()).isEqualTo(SlackWebhookServer.PATH);
        assertThat(request.contentType()).startsWith("application/json");
        JsonNode payload = SlackMessageTest.parse(request.body());
        assertThat(payload.get("text").getStringValue()).startsWith("[WARNING] 57 photos to review");
        assertThat(payload.get("blocks").get(0).get("text").get("text").getStringValue())
                .isEqualTo("🟡 WARNING · 57 photos to review");
        assertThat(SlackMessageTest.sectionTexts(payload)).contains("<" + Alerts.REPORT + "|📄 HTML report>");
    }

    @Test
    void serverErrorIsTransient() {
        slack.answer(Answer.of(500, "internal_error"));

        DeliveryException e = failure(() -> notifier.send(Alerts.lowConfidence()));

        assertThat(e.isPermanent()).isFalse();
        assertThat(e.target()).isEqualTo("slack-webhook");
        assertThat(e.getMessage()).isEqualTo("Slack answered 500: internal_error");
    }

    @Test
    void waitsForRetryAfterAndSendsAgain() throws Exception {
        slack.answer(Answer.rateLimited(1), Answer.of(200, "ok"));

        assertThat(notifier.send(Alerts.lowConfidence())).isEqualTo("slack-webhook");

        assertThat(slack.received()).hasSize(2);
        assertThat(slack.received().get(1).body()).isEqualTo(slack.received().get(0).body());
    }

    @Test
    void retryAfterBeyondTheMaximumIsTransientWithoutWaiting() {
        slack.answer(Answer.rateLimited(120));

        DeliveryException e = failure(() -> notifier.send(Alerts.lowConfidence()));

        assertThat(e.isPermanent()).isFalse();
        assertThat(e.getMessage()).contains("429", "Retry-After 120 s");
        assertThat(slack.received()).hasSize(1);
    }

    @Test
    void stopsWaitingWhenTheTotalWaitWouldExceedTheMaximum() {
        // max-retry-after is 2 s: waits 1 s, then 1 s more, then a third 429 would make it 3 s
        slack.answer(Answer.rateLimited(1), Answer.rateLimited(1), Answer.rateLimited(1), Answer.of(200, "ok"));

        DeliveryException e = failure(() -> notifier.send(Alerts.lowConfidence()));

        assertThat(e.isPermanent()).isFalse();
        assertThat(slack.received()).hasSize(3);
    }

    @ParameterizedTest
    @CsvSource({"400, invalid_payload", "403, invalid_token", "404, no_service", "410, channel_is_archived"})
    void clientErrorsArePermanent(int status, String reason) {
        slack.answer(Answer.of(status, reason));

        DeliveryException e = failure(() -> notifier.send(Alerts.lowConfidence()));

        assertThat(e.isPermanent()).isTrue();
        assertThat(e.getMessage()).isEqualTo("Slack answered " + status + ": " + reason);
        assertThat(slack.received()).hasSize(1);
    }

    @Test
    void readTimeoutIsTransient() {
        slack.answer(Answer.slow(3000));

        DeliveryException e = failure(() -> notifier.send(Alerts.lowConfidence()));

        assertThat(e.isPermanent()).isFalse();
        assertThat(e.getMessage()).startsWith("Slack could not be reached");
    }

    @Test
    void refusedConnectionIsTransientAndNeverShowsTheWebhookUrl() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String secretUrl = "http://127.0.0.1:" + closedPort + SlackWebhookServer.PATH;
        try (ApplicationContext down = context(secretUrl)) {
            Notifier unreachable = down.getBean(SlackWebhookNotifier.class);

            DeliveryException e = failure(() -> unreachable.send(Alerts.lowConfidence()));

            assertThat(e.isPermanent()).isFalse();
            assertThat(e.target()).isEqualTo("slack-webhook");
            assertThat(e.getMessage()).startsWith("Slack could not be reached").doesNotContain("s3cretT0ken");
            assertThat(down.getBean(SlackConfiguration.class).toString()).doesNotContain("s3cretT0ken");
        }
    }

    private static DeliveryException failure(ThrowableAssert.ThrowingCallable send) {
        DeliveryException e = catchThrowableOfType(DeliveryException.class, send);
        assertThat(e).as("a DeliveryException").isNotNull();
        return e;
    }
}
