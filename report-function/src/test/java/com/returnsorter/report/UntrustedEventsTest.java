package com.returnsorter.report;

import com.returnsorter.events.RunStatus;
import com.returnsorter.events.RunSummary;
import com.returnsorter.events.Topics;
import com.returnsorter.report.history.RunRecord;
import com.returnsorter.report.ingest.CompletedListener;
import com.returnsorter.report.support.ReportService;
import com.returnsorter.report.support.Runs;
import com.returnsorter.report.support.TestClock;
import com.returnsorter.testing.FirestoreEmulator;
import com.returnsorter.testing.LogCapture;
import com.returnsorter.testing.SlackWebhookServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code batch-completed} events that must not be believed, pushed as Pub/Sub pushes them, with history
 * in the Firestore emulator and Slack as a real local HTTP server: each is acknowledged (a redelivery
 * cannot make it true), logged at ERROR, and changes nothing.
 */
class UntrustedEventsTest {

    @RegisterExtension
    static final FirestoreEmulator FIRESTORE = new FirestoreEmulator();

    static final SlackWebhookServer SLACK = new SlackWebhookServer();
    static final Instant NIGHT = Instant.parse("2026-11-22T02:00:00Z");

    @TempDir
    Path folder;

    TestClock clock = new TestClock(NIGHT.plus(Duration.ofMinutes(10)));
    ReportService service;
    Path bucket;
    LogCapture log;

    @BeforeEach
    void start() throws Exception {
        FIRESTORE.clear();
        SLACK.reset();
        bucket = Files.createDirectories(folder.resolve("bucket"));
        service = ReportService.start(bucket, clock, Map.of(
                "history.kind", "firestore",
                "history.firestore-emulator-host", FIRESTORE.host(),
                "history.timeout", "5s",
                "gcp.project-id", FIRESTORE.projectId(),
                "slack.webhook-url", SLACK.url()));
        log = LogCapture.of(CompletedListener.class);
    }

    @AfterEach
    void stop() {
        log.close();
        service.close();
    }

    @AfterAll
    static void closeSlack() {
        SLACK.close();
    }

    @Test
    void aPastRunsIdWithOtherFiguresChangesNothing() {
        RunSummary real = Runs.summary(NIGHT, "m-1", 230, 18, 2, 0, 95.5, RunStatus.PARTIAL);
        Runs.writeReports(bucket, real);
        assertThat(service.push(Topics.BATCH_COMPLETED, real)).isEqualTo(200);
        RunRecord recorded = service.history().findRun(real.runId()).orElseThrow();

        RunSummary forged = Runs.summary(NIGHT, "m-1", 0, 0, 0, 0, 3, RunStatus.FAILED);
        assertThat(forged.runId()).isEqualTo(real.runId());
        assertThat(service.push(Topics.BATCH_COMPLETED, forged)).as("acknowledged").isEqualTo(200);

        assertThat(service.history().findRun(real.runId())).contains(recorded);
        assertThat(service.history().findAlert(real.runId() + "-run-failed")).isEmpty();
        assertThat(SLACK.delivered()).as("only the real run's summary").hasSize(1);
        assertThat(log.errors()).singleElement().asString().contains(real.runId(), "differ from the run as recorded");
    }

    @Test
    void figuresThatDifferFromTheRunsSummaryInTheBucketAreRefusedButTheRealEventIsRecorded() {
        RunSummary real = Runs.summary(NIGHT, "m-2", 100, 5, 0, 0, 60, RunStatus.SUCCESS);
        Runs.writeReports(bucket, real);
        RunSummary forged = Runs.summary(NIGHT, "m-2", 100, 5, 0, 0, 60, RunStatus.SUCCESS);
        forged = with(forged, s -> copy(s, Instant.parse("2026-11-22T02:09:00Z")));

        assertThat(service.push(Topics.BATCH_COMPLETED, forged)).isEqualTo(200);
        assertThat(service.history().findRun(real.runId())).isEmpty();
        assertThat(log.errors()).singleElement().asString().contains("summary.json");

        assertThat(service.push(Topics.BATCH_COMPLETED, real)).isEqualTo(200);
        assertThat(service.history().findRun(real.runId()).orElseThrow().finishedAt()).isEqualTo(real.finishedAt());
    }

    @Test
    void anEventForARunTheBatchNeverReportedIsNotRecorded() {
        RunSummary invented = Runs.summary(NIGHT, "m-3", 10, 0, 0, 0, 5, RunStatus.SUCCESS);

        assertThat(service.push(Topics.BATCH_COMPLETED, invented)).isEqualTo(200);

        assertThat(service.history().runsStartedSince(Instant.EPOCH)).isEmpty();
        assertThat(SLACK.requests()).isZero();
        assertThat(log.errors()).singleElement().asString().contains("summary.json does not exist");
    }

    @Test
    void reportPathsOutsideTheRunsFolderAreRefused() {
        RunSummary real = Runs.summary(NIGHT, "m-4", 10, 0, 0, 0, 5, RunStatus.SUCCESS);
        Runs.writeReports(bucket, real);
        RunSummary forged = with(real, s -> new RunSummary(s.schemaVersion(), s.runId(), s.status(), s.trigger(),
                s.dryRun(), s.timestamp(), s.startedAt(), s.finishedAt(), s.totalProcessed(), s.successful(),
                s.failed(), s.sorted(), s.lowConfidence(), s.rejected(), s.leftInIncoming(), s.successRate(),
                s.processingTimeSeconds(), s.categories(), s.confidenceDistribution(), s.errors(), s.errorMessage(),
                s.model(), new RunSummary.ReportPaths(s.reports().resultsCsv(), s.reports().summaryJson(),
                "incoming/phishing.html", "incoming/forged.jsonl"), s.bucket()));

        assertThat(service.push(Topics.BATCH_COMPLETED, forged)).isEqualTo(200);

        assertThat(service.history().runsStartedSince(Instant.EPOCH)).isEmpty();
        assertThat(log.errors()).singleElement().asString().contains("report paths", "are not the run's own");
    }

    @Test
    void aRunFinishedInTheFutureIsRefused() {
        RunSummary future = Runs.summary(Instant.parse("2099-01-01T02:00:00Z"), "m-5", 10, 0, 0, 0, 5,
                RunStatus.SUCCESS);
        Runs.writeReports(bucket, future);

        assertThat(service.push(Topics.BATCH_COMPLETED, future)).isEqualTo(200);

        assertThat(service.history().runsStartedSince(Instant.EPOCH)).isEmpty();
        assertThat(log.errors()).singleElement().asString().contains("is in the future");
    }

    @Test
    void impossibleCountsAreRefused() {
        RunSummary real = Runs.summary(NIGHT, "m-6", 10, 0, 0, 0, 5, RunStatus.SUCCESS);
        Map<String, RunSummary> impossible = Map.of(
                "negative", counts(real, -5, -5, 0, -5, 0, 0, 0, 100),
                "more successful than processed", counts(real, 10, 20, 0, 20, 0, 0, 0, 100),
                "successful + failed over total", counts(real, 10, 10, 5, 10, 0, 5, 0, 66.7),
                "rate over 100", counts(real, 10, 10, 0, 10, 0, 0, 0, 150));
        for (Map.Entry<String, RunSummary> entry : impossible.entrySet()) {
            Runs.writeReports(bucket, entry.getValue());
            assertThat(service.push(Topics.BATCH_COMPLETED, entry.getValue())).as(entry.getKey()).isEqualTo(200);
        }

        assertThat(service.history().runsStartedSince(Instant.EPOCH)).isEmpty();
        assertThat(log.errors()).hasSize(impossible.size());
        assertThat(SLACK.requests()).isZero();
    }

    @Test
    void anItemsFileOf200MegabytesIsNotReadAndTheRunIsRecordedWithANote() throws Exception {
        RunSummary run = Runs.summary(NIGHT, "m-7", 10, 0, 0, 0, 5, RunStatus.SUCCESS);
        Runs.writeSummary(bucket, run);
        Path items = bucket.resolve(run.reports().itemsJsonl());
        try (RandomAccessFile huge = new RandomAccessFile(items.toFile(), "rw")) {
            huge.setLength(200L * 1024 * 1024); // sparse: takes no disk, and no heap unless someone reads it all
        }

        assertThat(service.push(Topics.BATCH_COMPLETED, run)).isEqualTo(200);

        RunRecord recorded = service.history().findRun(run.runId()).orElseThrow();
        assertThat(recorded.itemCount()).isZero();
        assertThat(recorded.itemsNote()).contains("items.jsonl is larger than");
        assertThat(recorded.totalImages()).isEqualTo(10);
    }

    @Test
    void anItemsFileWithMoreRecordsThanTheRunHadPhotosIsCutAtTheRunsCount() {
        RunSummary bigger = Runs.summary(NIGHT, "m-8", 40, 0, 0, 0, 5, RunStatus.SUCCESS);
        Runs.writeReports(bucket, bigger);
        RunSummary run = Runs.summary(NIGHT, "m-8", 10, 0, 0, 0, 5, RunStatus.SUCCESS);
        Runs.writeSummary(bucket, run);

        assertThat(service.push(Topics.BATCH_COMPLETED, run)).isEqualTo(200);

        RunRecord recorded = service.history().findRun(run.runId()).orElseThrow();
        assertThat(recorded.itemCount()).isEqualTo(10);
        assertThat(recorded.itemsNote()).contains("more rows than the run's 10 photos");
    }

    private static RunSummary with(RunSummary summary, UnaryOperator<RunSummary> change) {
        return change.apply(summary);
    }

    private static RunSummary copy(RunSummary s, Instant finishedAt) {
        return new RunSummary(s.schemaVersion(), s.runId(), s.status(), s.trigger(), s.dryRun(), finishedAt,
                s.startedAt(), finishedAt, s.totalProcessed(), s.successful(), s.failed(), s.sorted(),
                s.lowConfidence(), s.rejected(), s.leftInIncoming(), s.successRate(), s.processingTimeSeconds(),
                s.categories(), s.confidenceDistribution(), s.errors(), s.errorMessage(), s.model(), s.reports(),
                s.bucket());
    }

    /** The run with other counts, each event named by its own run id so none is a redelivery of another. */
    private static RunSummary counts(RunSummary s, int total, int successful, int failed, int sorted, int review,
                                     int rejected, int left, double rate) {
        String runId = s.runId().substring(0, 16) + Integer.toString(Math.abs((total + "" + successful + failed
                + sorted + rate).hashCode()) % 1_000_000, 36).concat("000000").substring(0, 6);
        return new RunSummary(s.schemaVersion(), runId, s.status(), s.trigger(), s.dryRun(), s.timestamp(),
                s.startedAt(), s.finishedAt(), total, successful, failed, sorted, review, rejected, left, rate,
                s.processingTimeSeconds(), Map.of(), new RunSummary.ConfidenceDistribution(0, 0, 0), s.errors(),
                s.errorMessage(), s.model(), RunSummary.ReportPaths.forRun(runId), s.bucket());
    }
}
