package com.returnsorter.report;

import com.returnsorter.events.RunStatus;
import com.returnsorter.events.RunSummary;
import com.returnsorter.events.Topics;
import com.returnsorter.report.history.RunRecord;
import com.returnsorter.report.support.ReportService;
import com.returnsorter.report.support.Runs;
import com.returnsorter.testing.OidcPushRelay;
import com.returnsorter.testing.SlackWebhookServer;
import com.returnsorter.report.support.TestClock;
import com.returnsorter.testing.FirestoreEmulator;
import com.returnsorter.testing.PubSubEmulator;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Pub/Sub emulator pushes {@code batch-completed} to the running service, and redelivers the
 * nack while Slack fails, until the message is acknowledged: exactly one record, one Slack message.
 */
class PubSubPushTest {

    @RegisterExtension
    static final PubSubEmulator PUBSUB = new PubSubEmulator();

    @RegisterExtension
    static final FirestoreEmulator FIRESTORE = new FirestoreEmulator();

    @TempDir
    Path folder;

    @Test
    void theEmulatorsPushIsRecordedOnceAndRedeliveredUntilSlackTakesIt() throws Exception {
        FIRESTORE.clear();
        Path bucket = Files.createDirectories(folder.resolve("bucket"));
        Instant night = Instant.parse("2026-11-22T02:00:00Z");
        RunSummary summary = Runs.summary(night, "pushed-1", 150, 60, 0, 0, 200, RunStatus.SUCCESS);
        Runs.writeReports(bucket, summary);

        try (SlackWebhookServer slack = new SlackWebhookServer();
             ReportService service = ReportService.start(bucket, new TestClock(night.plusSeconds(300)), Map.of(
                     "history.kind", "firestore", "history.firestore-emulator-host", FIRESTORE.host(),
                     "gcp.project-id", FIRESTORE.projectId(), "slack.webhook-url", slack.url()));
             // The emulator attaches no OIDC token; the relay adds the push account's, as Pub/Sub does.
             OidcPushRelay relay = OidcPushRelay.start(ReportService.ISSUER, URI.create(service.url() + "/push"),
                     ReportService.PUSH_ACCOUNT, ReportService.PUSH_AUDIENCE)) {
            slack.answerNext(SlackWebhookServer.Answer.of(503, "service_unavailable"));
            PUBSUB.createTopic(Topics.BATCH_COMPLETED);
            PUBSUB.createPushSubscription(Topics.BATCH_COMPLETED, Topics.BATCH_COMPLETED, relay.endpoint().toString(), 10);
            PUBSUB.publish(Topics.BATCH_COMPLETED, service.context().getBean(JsonMapper.class).writeValueAsBytes(summary),
                    Map.of(Topics.ATTRIBUTE_RUN_ID, summary.runId()));

            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            while (slack.delivered().isEmpty() && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
            }
            Thread.sleep(3000); // a redelivery after the ack would show up here
            assertThat(slack.requests()).as("the first push failed, a redelivery succeeded").isEqualTo(2);
            assertThat(slack.delivered()).hasSize(1);
            Optional<RunRecord> run = service.history().findRun(summary.runId());
            assertThat(run).get().extracting(RunRecord::itemCount).isEqualTo(210);
            assertThat(service.history().runsStartedSince(Instant.EPOCH)).hasSize(1);
        } finally {
            PUBSUB.deleteSubscription(Topics.BATCH_COMPLETED);
        }
    }
}
