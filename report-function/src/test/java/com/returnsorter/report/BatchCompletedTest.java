package com.returnsorter.report;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.returnsorter.events.ConfidenceBands;
import com.returnsorter.events.RunCounts;
import com.returnsorter.events.RunIds;
import com.returnsorter.events.RunStatus;
import com.returnsorter.events.RunSummary;
import com.returnsorter.events.Topics;
import com.returnsorter.events.TriggerReason;
import com.returnsorter.report.alerts.AlertRecord;
import com.returnsorter.report.alerts.Channel;
import com.returnsorter.report.alerts.ChannelDelivery;
import com.returnsorter.report.history.HistoryStore;
import com.returnsorter.report.history.ItemRecord;
import com.returnsorter.report.history.RunRecord;
import com.returnsorter.report.support.ReportService;
import com.returnsorter.report.support.Runs;
import com.returnsorter.testing.SlackWebhookServer;
import com.returnsorter.report.support.TcpProxy;
import com.returnsorter.report.support.TestClock;
import com.returnsorter.testing.FirestoreEmulator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code batch-completed} events pushed to the report service as Pub/Sub pushes them, with history in
 * the Firestore emulator, email through GreenMail and Slack as a real local HTTP server.
 */
class BatchCompletedTest {

    @RegisterExtension
    static final FirestoreEmulator FIRESTORE = new FirestoreEmulator();

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP);

    static final SlackWebhookServer SLACK = new SlackWebhookServer();
    static final Instant NIGHT = Instant.parse("2026-11-22T02:00:00Z");

    @TempDir
    Path folder;

    TestClock clock = new TestClock(NIGHT.plus(Duration.ofMinutes(10)));
    ReportService service;
    Path bucket;

    @BeforeEach
    void start() throws Exception {
        FIRESTORE.clear();
        SLACK.reset();
        bucket = Files.createDirectories(folder.resolve("bucket"));
        service = start(Map.of());
    }

    ReportService start(Map<String, Object> overrides) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("history.kind", "firestore");
        properties.put("history.firestore-emulator-host", FIRESTORE.host());
        properties.put("history.timeout", "5s");
        properties.put("gcp.project-id", FIRESTORE.projectId());
        properties.put("slack.webhook-url", SLACK.url());
        properties.put("slack.max-retry-after", "3s");
        properties.put("email.smtp-host", "127.0.0.1");
        properties.put("email.smtp-port", ServerSetupTest.SMTP.getPort());
        properties.put("email.smtp-security", "none");
        properties.put("email.from", "return-sorter@example.com");
        properties.put("email.to", "returns-it@example.com");
        properties.put("report.public-url", "https://report.example.com");
        properties.putAll(overrides);
        return ReportService.start(bucket, clock, properties);
    }

    @AfterEach
    void stop() {
        service.close();
    }

    @AfterAll
    static void closeSlack() {
        SLACK.close();
    }

    RunSummary finished(String messageId, int sorted, int review, int rejected, int errors, RunStatus status) {
        RunSummary summary = Runs.summary(NIGHT, messageId, sorted, review, rejected, errors, 95.5, status);
        Runs.writeReports(bucket, summary);
        return summary;
    }

    @Test
    void recordsTheRunWithItsItemsAndSendsOneSlackSummary() {
        RunSummary summary = finished("m-1", 230, 18, 2, 0, RunStatus.PARTIAL);

        assertThat(service.push(Topics.BATCH_COMPLETED, summary)).isEqualTo(200);

        RunRecord run = service.history().findRun(summary.runId()).orElseThrow();
        assertThat(run.totalImages()).isEqualTo(250);
        assertThat(run.lowConfidence()).isEqualTo(18);
        assertThat(run.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(run.itemCount()).isEqualTo(250);
        assertThat(run.itemsNote()).isNull();
        List<ItemRecord> review = service.history().items(summary.runId(), com.returnsorter.events.ItemStatus.REVIEW,
                HistoryStore.ItemOrder.CONFIDENCE_ASCENDING, 100);
        assertThat(review).hasSize(18).first().satisfies(item -> {
            assertThat(item.confidence()).isEqualTo(0.40);
            assertThat(item.topK()).as("top-k from items.jsonl, highest first").hasSize(2)
                    .containsEntry(item.category(), 0.40);
            assertThat(item.topK().keySet().iterator().next()).isEqualTo(item.category());
        });

        assertThat(SLACK.delivered()).singleElement().asString()
                .contains("\"blocks\"", summary.runId(), "https://report.example.com/runs/" + summary.runId() + "/report");
        assertThat(MAIL.getReceivedMessages()).as("a partial run within the limits sends no email").isEmpty();
        assertThat(service.history().alerts(new HistoryStore.AlertQuery(null, null, summary.runId(), 10)))
                .extracting(AlertRecord::rule).containsExactly("run-summary");
    }

    @Test
    void aRedeliveredEventChangesNothingAndSendsNothingAgain() {
        RunSummary summary = finished("m-2", 40, 60, 0, 0, RunStatus.SUCCESS);
        assertThat(service.push(Topics.BATCH_COMPLETED, summary, "m-2")).isEqualTo(200);
        RunRecord first = service.history().findRun(summary.runId()).orElseThrow();
        List<AlertRecord> alerts = service.history().alerts(HistoryStore.AlertQuery.recent(10));

        clock.advance(Duration.ofMinutes(5));
        assertThat(service.push(Topics.BATCH_COMPLETED, summary, "m-2")).isEqualTo(200);
        assertThat(service.push(Topics.BATCH_COMPLETED, summary, "m-2")).isEqualTo(200);

        assertThat(service.history().findRun(summary.runId())).contains(first);
        assertThat(service.history().alerts(HistoryStore.AlertQuery.recent(10))).isEqualTo(alerts);
        // 60 of 100 to review: more than 50 (low-confidence) and more than 20 % (low-confidence-share).
        assertThat(alerts).extracting(AlertRecord::rule)
                .containsExactlyInAnyOrder("low-confidence", "low-confidence-share", "run-summary");
        assertThat(SLACK.delivered()).as("the alerts of the run in one message, once").hasSize(1);
        assertThat(SLACK.delivered().get(0)).contains("60 photos to review", "60.0 % of the photos of run "
                + summary.runId() + " below the review threshold");
    }

    @Test
    void theSameEventThreeTimesAtOnceSendsOneMessage() throws Exception {
        RunSummary summary = finished("m-3", 200, 0, 0, 50, RunStatus.PARTIAL);

        List<Integer> answers = pushConcurrently(List.of(summary, summary, summary));
        assertThat(answers).contains(200).allMatch(status -> status == 200 || status == 422);
        // Pub/Sub redelivers what was nacked; by then the channels are settled.
        for (int i = 0; i < answers.size(); i++) {
            if (answers.get(i) != 200) {
                assertThat(service.push(Topics.BATCH_COMPLETED, summary, "m-3")).isEqualTo(200);
            }
        }
        assertThat(SLACK.delivered()).hasSize(1);
        assertThat(MAIL.getReceivedMessages()).as("high-error-rate mails once").hasSize(1);
        assertThat(service.history().runsStartedSince(NIGHT.minusSeconds(1))).hasSize(1);
    }

    @Test
    void twoEventsForDifferentRunsAtOnceAreBothRecorded() throws Exception {
        RunSummary one = finished("m-4a", 100, 5, 0, 0, RunStatus.SUCCESS);
        RunSummary other = finished("m-4b", 80, 2, 1, 0, RunStatus.PARTIAL);

        assertThat(pushConcurrently(List.of(one, other))).containsOnly(200);

        assertThat(service.history().runsStartedSince(NIGHT.minusSeconds(1))).extracting(RunRecord::runId)
                .containsExactlyInAnyOrder(one.runId(), other.runId());
        assertThat(service.history().findRun(one.runId()).orElseThrow().itemCount()).isEqualTo(105);
        assertThat(service.history().findRun(other.runId()).orElseThrow().itemCount()).isEqualTo(83);
        assertThat(SLACK.delivered()).hasSize(2);
    }

    @Test
    void aFailedRunAlertsByEmailAndSlackAsCritical() throws Exception {
        RunSummary summary = finished("m-5", 0, 0, 0, 0, RunStatus.FAILED);

        assertThat(service.push(Topics.BATCH_COMPLETED, summary)).isEqualTo(200);

        assertThat(MAIL.getReceivedMessages()).hasSize(1);
        MimeMessage mail = MAIL.getReceivedMessages()[0];
        assertThat(mail.getSubject()).startsWith("[CRITICAL] Return Sorter – ").contains(summary.runId());
        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly("returns-it@example.com");
        assertThat(SLACK.delivered()).singleElement().asString().contains("CRITICAL", "health");
        AlertRecord alert = service.history().findAlert(summary.runId() + "-run-failed").orElseThrow();
        assertThat(alert.channel(Channel.EMAIL).state()).isEqualTo(ChannelDelivery.State.DELIVERED);
        assertThat(alert.channel(Channel.EMAIL).target()).isEqualTo("smtp:127.0.0.1");
        assertThat(alert.channel(Channel.SLACK).state()).isEqualTo(ChannelDelivery.State.DELIVERED);
    }

    @Test
    void anEventWhoseItemsFileIsMissingIsRecordedWithANote() {
        RunSummary summary = Runs.summary(NIGHT, "m-6", 10, 0, 0, 0, 5, RunStatus.SUCCESS);
        Runs.writeSummary(bucket, summary);

        assertThat(service.push(Topics.BATCH_COMPLETED, summary)).isEqualTo(200);

        RunRecord run = service.history().findRun(summary.runId()).orElseThrow();
        assertThat(run.itemCount()).isZero();
        assertThat(run.itemsNote()).isEqualTo(summary.reports().itemsJsonl() + " not found");
        assertThat(run.totalImages()).as("the summary itself is recorded").isEqualTo(10);
        assertThat(SLACK.delivered()).hasSize(1);
    }

    @Test
    void slackAnswering500IsRetriedOnTheNextDeliveryWithoutRepeatingTheEmail() {
        RunSummary summary = finished("m-7", 0, 0, 0, 0, RunStatus.FAILED);
        SLACK.answerNext(SlackWebhookServer.Answer.of(500, "internal_error"));

        assertThat(service.push(Topics.BATCH_COMPLETED, summary, "m-7")).as("nack: Slack is not delivered").isEqualTo(422);
        AlertRecord alert = service.history().findAlert(summary.runId() + "-run-failed").orElseThrow();
        assertThat(alert.channel(Channel.SLACK).state()).isEqualTo(ChannelDelivery.State.FAILED);
        assertThat(alert.channel(Channel.SLACK).error()).contains("500");
        assertThat(alert.channel(Channel.EMAIL).state()).as("one channel never blocks the other")
                .isEqualTo(ChannelDelivery.State.DELIVERED);

        assertThat(service.push(Topics.BATCH_COMPLETED, summary, "m-7")).isEqualTo(200);
        assertThat(SLACK.delivered()).hasSize(1);
        assertThat(MAIL.getReceivedMessages()).hasSize(1);
        assertThat(service.history().findAlert(summary.runId() + "-run-failed").orElseThrow()
                .channel(Channel.SLACK).attempts()).isEqualTo(2);
        assertThat(alertsCounted("run-failed")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "slack failed", 1.0, "slack delivered", 1.0, "email delivered", 1.0));
    }

    @Test
    void slackRefusingForGoodIsCountedAsRefusedAndNotRetried() {
        RunSummary summary = finished("m-12", 0, 0, 0, 0, RunStatus.FAILED);
        SLACK.answerNext(SlackWebhookServer.Answer.of(404, "no_service"));

        assertThat(service.push(Topics.BATCH_COMPLETED, summary, "m-12")).as("refused is final: acknowledged").isEqualTo(200);
        assertThat(SLACK.delivered()).isEmpty();
        assertThat(alertsCounted("run-failed")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "slack refused", 1.0, "email delivered", 1.0));
    }

    /** "channel outcome" -> count of returnsorter.alerts for one rule, as the registry holds them. */
    private Map<String, Double> alertsCounted(String rule) {
        Map<String, Double> counted = new TreeMap<>();
        for (Counter counter : service.context().getBean(MeterRegistry.class).find("returnsorter.alerts").tag("rule", rule)
                .counters()) {
            counted.merge(counter.getId().getTag("channel") + " " + counter.getId().getTag("outcome"), counter.count(),
                    Double::sum);
        }
        return counted;
    }

    @Test
    void slackAnswering429IsRetriedAfterItsRetryAfter() {
        RunSummary summary = finished("m-8", 10, 0, 0, 0, RunStatus.SUCCESS);
        SLACK.answerNext(SlackWebhookServer.Answer.rateLimited(1));

        assertThat(service.push(Topics.BATCH_COMPLETED, summary)).isEqualTo(200);

        assertThat(SLACK.requests()).isEqualTo(2);
        assertThat(SLACK.delivered()).hasSize(1);
    }

    @Test
    void smtpRefusingLeavesSlackDeliveredAndTheEmailToTheNextDelivery() {
        service.close();
        service = start(Map.of("email.smtp-port", freePort()));
        RunSummary summary = finished("m-9", 0, 0, 0, 0, RunStatus.FAILED);

        assertThat(service.push(Topics.BATCH_COMPLETED, summary, "m-9")).isEqualTo(422);

        AlertRecord alert = service.history().findAlert(summary.runId() + "-run-failed").orElseThrow();
        assertThat(alert.channel(Channel.EMAIL).state()).isEqualTo(ChannelDelivery.State.FAILED);
        assertThat(alert.channel(Channel.SLACK).state()).isEqualTo(ChannelDelivery.State.DELIVERED);
        assertThat(SLACK.delivered()).hasSize(1);

        service.close();
        service = start(Map.of());
        assertThat(service.push(Topics.BATCH_COMPLETED, summary, "m-9")).isEqualTo(200);
        assertThat(MAIL.getReceivedMessages()).hasSize(1);
        assertThat(SLACK.delivered()).as("Slack is not sent twice").hasSize(1);
    }

    @Test
    void firestoreUnavailableForAWhileNacksAndTheRedeliveryRecordsExactlyOnce() {
        try (TcpProxy firestore = new TcpProxy(FIRESTORE.host())) {
            service.close();
            service = start(Map.of("history.firestore-emulator-host", firestore.address(), "history.timeout", "3s"));
            RunSummary summary = finished("m-11", 120, 3, 0, 0, RunStatus.SUCCESS);

            firestore.down();
            var answer = service.pushForResponse(Topics.BATCH_COMPLETED, summary, "m-11");
            assertThat(answer.getStatus().getCode()).isEqualTo(422);
            assertThat(answer.body()).contains("\"reason\"");
            assertThat(answer.body()).doesNotContain("Exception", "at com.");
            assertThat(SLACK.requests()).as("nothing is sent before the run is recorded").isZero();

            firestore.up();
            int status = 422;
            for (int delivery = 0; delivery < 10 && status != 200; delivery++) {
                status = service.push(Topics.BATCH_COMPLETED, summary, "m-11");
            }
            assertThat(status).isEqualTo(200);
            assertThat(service.history().runsStartedSince(Instant.EPOCH)).singleElement()
                    .extracting(RunRecord::itemCount).isEqualTo(123);
            assertThat(SLACK.delivered()).hasSize(1);
        }
    }

    @Test
    void malformedAndUnknownPushesGetAClearAnswer() {
        var malformed = service.exchange(io.micronaut.http.HttpRequest.POST("/push", "{\"message\": 42}")
                .contentType("application/json").bearerAuth(ReportService.pushToken()));
        assertThat(malformed.getStatus().getCode()).isEqualTo(400);

        var unknown = service.pushForResponse("no-such-subscription", Map.of("a", 1), "m-10");
        assertThat(unknown.getStatus().getCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("\"reason\"");

        assertThat(service.push(Topics.BATCH_COMPLETED, "not json at all".getBytes()))
                .as("an event that can never be read is acknowledged, not redelivered forever").isEqualTo(200);
        assertThat(service.push(Topics.BATCH_COMPLETED, Map.of("schema_version", 99, "run_id", "x"))).isEqualTo(200);
        assertThat(service.history().runsStartedSince(Instant.EPOCH)).isEmpty();
        assertThat(SLACK.requests()).isZero();
    }

    @Test
    void theCountsTheBatchBuildsAreTheCountsTheReportStoresAndReads() {
        RunCounts counts = RunCounts.of(230, 18, 2, 1, Map.of("Coat", 130, "Shirt", 118),
                new RunSummary.ConfidenceDistribution(150, 80, 18, 0.62),
                new RunSummary.ModelInfo("fashion-mnist-cnn", "2.1.0"));
        String runId = RunIds.of(NIGHT, "m-counts");
        // As the batch builds summary.json and the event (RunReports.summarize).
        RunSummary summary = RunSummary.of(runId, RunStatus.PARTIAL, TriggerReason.SCHEDULED, false, NIGHT,
                NIGHT.plusSeconds(95), counts, List.of(), null, RunSummary.ReportPaths.forRun(runId), "local");
        Runs.writeReports(bucket, summary);

        assertThat(service.push(Topics.BATCH_COMPLETED, summary)).isEqualTo(200);

        RunCounts stored = service.history().findRun(runId).orElseThrow().counts();
        assertThat(stored.totalImages()).isEqualTo(251);
        assertThat(stored.successful()).isEqualTo(248);
        assertThat(stored.failed()).isEqualTo(3);
        assertThat(stored.sorted()).isEqualTo(230);
        assertThat(stored.lowConfidence()).isEqualTo(18);
        assertThat(stored.rejected()).isEqualTo(2);
        assertThat(stored.leftInIncoming()).isEqualTo(1);
        assertThat(stored.successRate()).isEqualTo(98.8);
        assertThat(stored.categories()).isEqualTo(Map.of("Coat", 130, "Shirt", 118));
        assertThat(stored.confidence()).isEqualTo(new RunSummary.ConfidenceDistribution(150, 80, 18, 0.62));
        assertThat(stored.reviewThreshold()).isEqualTo(0.62);
        assertThat(stored.model()).isEqualTo(new RunSummary.ModelInfo("fashion-mnist-cnn", "2.1.0"));
        assertThat(stored).isEqualTo(counts);
    }

    @Test
    void anEventFromBeforeTheThresholdAndItemsJsonlTravelledIsStillRecorded() {
        RunSummary same = Runs.summary(NIGHT, "m-old", 3, 1, 1, 0, 12.5, RunStatus.PARTIAL);
        Runs.writeReports(bucket, same);
        String runId = same.runId();
        // A schema_version 1 event as the batch wrote it before review_threshold and items_jsonl existed.
        String old = """
                {"schema_version":1,"run_id":"%s","status":"partial","trigger":"scheduled","dry_run":false,
                 "timestamp":"2026-11-22T02:00:12.500Z","started_at":"2026-11-22T02:00:00Z",
                 "finished_at":"2026-11-22T02:00:12.500Z","total_processed":5,"successful":4,"failed":1,
                 "sorted":3,"low_confidence":1,"rejected":1,"left_in_incoming":0,"success_rate":80.0,
                 "processing_time_seconds":12.5,"categories":{"T-shirt/top":1,"Trouser":1,"Pullover":1,"Dress":1},
                 "confidence_distribution":{"high":1,"medium":2,"low":1},"errors":[],"error_message":null,
                 "model":{"name":"fashion-mnist-cnn","version":"1.0.0"},
                 "reports":{"results_csv":"reports/%s/results.csv","summary_json":"reports/%s/summary.json",
                            "report_html":"reports/%s/report.html"},"bucket":"local"}
                """.formatted(runId, runId, runId, runId);

        assertThat(service.push(Topics.BATCH_COMPLETED, old.getBytes(StandardCharsets.UTF_8))).isEqualTo(200);

        RunRecord run = service.history().findRun(runId).orElseThrow();
        RunCounts counts = run.counts();
        assertThat(counts.totalImages()).isEqualTo(5);
        assertThat(counts.successful()).isEqualTo(4);
        assertThat(counts.failed()).isEqualTo(1);
        assertThat(counts.sorted()).isEqualTo(3);
        assertThat(counts.lowConfidence()).isEqualTo(1);
        assertThat(counts.rejected()).isEqualTo(1);
        assertThat(counts.leftInIncoming()).isZero();
        assertThat(counts.successRate()).isEqualTo(80.0);
        assertThat(counts.categories()).containsEntry("Trouser", 1).hasSize(4);
        assertThat(counts.confidence()).isEqualTo(new RunSummary.ConfidenceDistribution(1, 2, 1, null));
        assertThat(counts.reviewThreshold()).isEqualTo(ConfidenceBands.DEFAULT_REVIEW_THRESHOLD);
        assertThat(counts.model()).isEqualTo(new RunSummary.ModelInfo("fashion-mnist-cnn", "1.0.0"));
        assertThat(run.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(run.durationSeconds()).isEqualTo(12.5);
    }

    private List<Integer> pushConcurrently(List<RunSummary> summaries) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(summaries.size());
        try {
            List<Callable<Integer>> pushes = new ArrayList<>();
            for (RunSummary summary : summaries) {
                pushes.add(() -> service.push(Topics.BATCH_COMPLETED, summary, "m-" + summary.runId()));
            }
            List<Integer> answers = new ArrayList<>();
            for (Future<Integer> answer : pool.invokeAll(pushes)) {
                answers.add(answer.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
