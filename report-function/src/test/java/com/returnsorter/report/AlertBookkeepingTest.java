package com.returnsorter.report;

import com.returnsorter.events.RunStatus;
import com.returnsorter.events.RunSummary;
import com.returnsorter.events.Topics;
import com.returnsorter.report.alerts.Channel;
import com.returnsorter.report.alerts.ChannelDelivery;
import com.returnsorter.report.support.ReportService;
import com.returnsorter.report.support.Runs;
import com.returnsorter.report.support.TcpProxy;
import com.returnsorter.report.support.TestClock;
import com.returnsorter.testing.FirestoreEmulator;
import com.returnsorter.testing.SlackWebhookServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Slack post that succeeded while the history (the Firestore emulator behind a proxy) went away
 * before the {@code delivered} record was written: the message is not sent again by this instance,
 * and the record is written once Firestore answers. The edge "exactly once" cannot cover is shown too:
 * a new instance, after the channel's claim expired, sends a second time.
 */
class AlertBookkeepingTest {

    @RegisterExtension
    static final FirestoreEmulator FIRESTORE = new FirestoreEmulator();

    static final SlackWebhookServer SLACK = new SlackWebhookServer();
    static final Instant NIGHT = Instant.parse("2026-11-22T02:00:00Z");

    @TempDir
    Path folder;

    TestClock clock = new TestClock(NIGHT.plus(Duration.ofMinutes(10)));
    TcpProxy firestore;
    ReportService service;
    Path bucket;

    @BeforeEach
    void setUp() throws Exception {
        FIRESTORE.clear();
        SLACK.reset();
        bucket = Files.createDirectories(folder.resolve("bucket"));
        firestore = new TcpProxy(FIRESTORE.host());
        service = startService();
    }

    /** A started service whose Firestore client has connected (its first call may take seconds). */
    ReportService startService() {
        ReportService started = ReportService.start(bucket, clock, Map.of(
                "history.kind", "firestore",
                "history.firestore-emulator-host", firestore.address(),
                "history.timeout", "10s",
                "gcp.project-id", FIRESTORE.projectId(),
                "slack.webhook-url", SLACK.url(),
                "alerts.channel-lease", "2m"));
        Instant deadline = Instant.now().plusSeconds(60);
        while (started.get("/health/readiness").getStatus().getCode() != 200 && Instant.now().isBefore(deadline)) {
            Thread.onSpinWait();
        }
        return started;
    }

    @AfterEach
    void stop() {
        service.close();
        firestore.close();
    }

    @AfterAll
    static void closeSlack() {
        SLACK.close();
    }

    private ChannelDelivery slackOf(String alertId) {
        return service.history().findAlert(alertId).orElseThrow().channel(Channel.SLACK);
    }

    @Test
    void aSentMessageWhoseRecordFailedIsRecordedByTheRedeliveryAndNotSentAgain() {
        RunSummary summary = Runs.summary(NIGHT, "m-1", 120, 3, 0, 0, 60, RunStatus.SUCCESS);
        Runs.writeReports(bucket, summary);
        SLACK.onNextArrival(firestore::down);

        assertThat(service.push(Topics.BATCH_COMPLETED, summary, "m-1")).as("nacked: not recorded yet").isEqualTo(422);
        assertThat(SLACK.delivered()).hasSize(1);

        firestore.up();
        int status = 422;
        for (int delivery = 0; delivery < 10 && status != 200; delivery++) {
            status = service.push(Topics.BATCH_COMPLETED, summary, "m-1");
        }
        assertThat(status).isEqualTo(200);
        assertThat(SLACK.delivered()).as("never sent twice").hasSize(1);
        ChannelDelivery slack = slackOf(summary.runId() + "-run-summary");
        assertThat(slack.state()).isEqualTo(ChannelDelivery.State.DELIVERED);
        assertThat(slack.attempts()).isEqualTo(1);
        assertThat(slack.target()).isEqualTo("slack-webhook");

        clock.advance(Duration.ofHours(1));
        assertThat(service.push(Topics.BATCH_COMPLETED, summary, "m-1")).isEqualTo(200);
        assertThat(SLACK.delivered()).hasSize(1);
        assertThat(service.get("/prometheus").body())
                .contains("returnsorter_alerts_total{channel=\"slack\",outcome=\"delivered\",rule=\"run-summary\"} 1.0");
    }

    @Test
    void theEdgeANewInstanceSendsAgainOnlyAfterTheClaimExpired() {
        RunSummary summary = Runs.summary(NIGHT, "m-2", 120, 3, 0, 0, 60, RunStatus.SUCCESS);
        Runs.writeReports(bucket, summary);
        SLACK.onNextArrival(firestore::down);
        assertThat(service.push(Topics.BATCH_COMPLETED, summary, "m-2")).isEqualTo(422);
        service.close(); // the instance that knew it had sent is gone
        firestore.up();

        service = startService();
        assertThat(service.push(Topics.BATCH_COMPLETED, summary, "m-2")).as("claimed by the dead delivery")
                .isEqualTo(422);
        assertThat(SLACK.delivered()).hasSize(1);

        clock.advance(Duration.ofMinutes(3));
        assertThat(service.push(Topics.BATCH_COMPLETED, summary, "m-2")).isEqualTo(200);
        assertThat(SLACK.delivered()).as("at least once at this edge: sent a second time").hasSize(2);
        assertThat(slackOf(summary.runId() + "-run-summary").attempts()).isEqualTo(2);
    }
}
