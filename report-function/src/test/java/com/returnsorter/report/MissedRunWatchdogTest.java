package com.returnsorter.report;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.returnsorter.events.RunStatus;
import com.returnsorter.events.RunSummary;
import com.returnsorter.events.Topics;
import com.returnsorter.report.alerts.AlertRecord;
import com.returnsorter.report.history.HistoryStore;
import com.returnsorter.report.support.ReportService;
import com.returnsorter.report.support.Runs;
import com.returnsorter.report.support.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The hourly {@code watchdog} push: one missed-run email per day, none while runs arrive. */
class MissedRunWatchdogTest {

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP);

    static final Instant INSTALLED = Instant.parse("2026-11-20T09:00:00Z");
    static final Map<String, String> TICK = Map.of();

    @TempDir
    Path folder;

    TestClock clock = new TestClock(INSTALLED);
    ReportService service;
    Path bucket;

    @BeforeEach
    void start() throws Exception {
        bucket = Files.createDirectories(folder.resolve("bucket"));
        service = ReportService.start(bucket, clock, Map.of(
                "email.smtp-host", "127.0.0.1", "email.smtp-port", ServerSetupTest.SMTP.getPort(),
                "email.smtp-security", "none", "email.to", "returns-it@example.com"));
    }

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void aNewInstallationWaitsForTheWholeWindowBeforeRaisingAMissedRun() {
        assertThat(service.push(Topics.WATCHDOG, TICK)).isEqualTo(200);
        clock.advance(Duration.ofHours(35));
        assertThat(service.push(Topics.WATCHDOG, TICK)).isEqualTo(200);
        assertThat(missedRuns()).isEmpty();

        clock.advance(Duration.ofHours(2));
        assertThat(service.push(Topics.WATCHDOG, TICK)).isEqualTo(200);
        assertThat(missedRuns()).extracting(AlertRecord::alertId).containsExactly("20261121-missed-run");
        assertThat(MAIL.getReceivedMessages()).hasSize(1);
    }

    @Test
    void raisesAMissedRunOncePerDayAndStopsWhenARunFinishes() throws Exception {
        RunSummary night = Runs.summary(Instant.parse("2026-11-20T02:00:00Z"), "n-1", 250, 10, 0, 0, 300,
                RunStatus.SUCCESS);
        Runs.writeReports(bucket, night);
        assertThat(service.push(Topics.BATCH_COMPLETED, night)).isEqualTo(200);

        clock.set(Instant.parse("2026-11-21T13:00:00Z"));
        assertThat(service.push(Topics.WATCHDOG, TICK)).as("35 h after the last run").isEqualTo(200);
        assertThat(missedRuns()).isEmpty();

        clock.set(Instant.parse("2026-11-21T15:00:00Z"));
        for (int hour = 0; hour < 5; hour++) {
            assertThat(service.push(Topics.WATCHDOG, TICK)).isEqualTo(200);
            clock.advance(Duration.ofHours(1));
        }
        assertThat(missedRuns()).extracting(AlertRecord::alertId).containsExactly("20261121-missed-run");
        assertThat(MAIL.getReceivedMessages()).as("once a day, not once an hour").hasSize(1);
        assertThat(MAIL.getReceivedMessages()[0].getSubject()).startsWith("[WARNING] Return Sorter – No nightly run");

        clock.set(Instant.parse("2026-11-22T01:00:00Z"));
        assertThat(service.push(Topics.WATCHDOG, TICK)).isEqualTo(200);
        assertThat(missedRuns()).as("a new day, a new alert").hasSize(2);
        assertThat(MAIL.getReceivedMessages()).hasSize(2);

        RunSummary late = Runs.summary(Instant.parse("2026-11-22T02:00:00Z"), "n-2", 100, 0, 0, 0, 120,
                RunStatus.SUCCESS);
        Runs.writeReports(bucket, late);
        clock.set(late.finishedAt().plusSeconds(1));
        assertThat(service.push(Topics.BATCH_COMPLETED, late)).isEqualTo(200);
        clock.advance(Duration.ofHours(3));
        assertThat(service.push(Topics.WATCHDOG, TICK)).isEqualTo(200);
        assertThat(missedRuns()).hasSize(2);
    }

    @Test
    void aDryRunDoesNotCountAsTheNightlyRun() {
        RunSummary real = Runs.summary(INSTALLED.minus(Duration.ofHours(7)), "n-3", 10, 0, 0, 0, 30, RunStatus.SUCCESS);
        Runs.writeReports(bucket, real);
        assertThat(service.push(Topics.BATCH_COMPLETED, real)).isEqualTo(200);
        RunSummary base = Runs.summary(INSTALLED.plus(Duration.ofHours(30)), "n-4", 10, 0, 0, 0, 30, RunStatus.SUCCESS);
        RunSummary dry = new RunSummary(base.schemaVersion(), base.runId(), base.status(), base.trigger(), true,
                base.timestamp(), base.startedAt(), base.finishedAt(), base.totalProcessed(), base.successful(),
                base.failed(), base.sorted(), base.lowConfidence(), base.rejected(), base.leftInIncoming(),
                base.successRate(), base.processingTimeSeconds(), base.categories(), base.confidenceDistribution(),
                base.errors(), base.errorMessage(), base.model(), base.reports(), base.bucket());
        Runs.writeReports(bucket, dry);
        assertThat(service.push(Topics.BATCH_COMPLETED, dry)).isEqualTo(200);

        clock.set(INSTALLED.plus(Duration.ofHours(31)));
        assertThat(service.push(Topics.WATCHDOG, TICK)).isEqualTo(200);
        assertThat(missedRuns()).hasSize(1);
    }

    private List<AlertRecord> missedRuns() {
        return service.history().alerts(HistoryStore.AlertQuery.recent(50)).stream()
                .filter(alert -> alert.rule().equals("missed-run")).toList();
    }
}
