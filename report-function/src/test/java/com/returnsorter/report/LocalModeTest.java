package com.returnsorter.report;

import com.returnsorter.events.RunStatus;
import com.returnsorter.events.RunSummary;
import com.returnsorter.events.Topics;
import com.returnsorter.report.alerts.AlertRecord;
import com.returnsorter.report.alerts.Channel;
import com.returnsorter.report.support.ReportService;
import com.returnsorter.report.support.Runs;
import com.returnsorter.report.support.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Local mode as the README's main command runs it: history in an SQLite file, Slack messages and
 * emails written as files under the local data folder, and the history still there after a restart.
 */
class LocalModeTest {

    static final Instant NIGHT = Instant.parse("2026-11-22T02:00:00Z");

    @TempDir
    Path folder;

    @Test
    void recordsIntoSqliteAndWritesNotificationsAsFiles() throws Exception {
        Path bucket = Files.createDirectories(folder.resolve("bucket"));
        TestClock clock = new TestClock(NIGHT.plusSeconds(600));
        RunSummary failed = Runs.summary(NIGHT, "local-1", 0, 0, 0, 0, 91, RunStatus.FAILED);
        Runs.writeReports(bucket, failed);

        try (ReportService service = ReportService.start(bucket, clock, Map.of())) {
            assertThat(service.push(Topics.BATCH_COMPLETED, failed)).isEqualTo(200);
            AlertRecord alert = service.history().findAlert(failed.runId() + "-run-failed").orElseThrow();
            Path slack = folder.resolve("notifications/slack/" + failed.runId() + "-run-failed.json");
            Path email = folder.resolve("notifications/email/" + failed.runId() + "-run-failed.eml");
            assertThat(alert.channel(Channel.SLACK).target()).isEqualTo("file:" + slack);
            assertThat(alert.channel(Channel.EMAIL).target()).isEqualTo("file:" + email);
            assertThat(Files.readString(slack)).contains("\"blocks\"", "CRITICAL");
            try (var in = Files.newInputStream(email)) {
                var mail = new jakarta.mail.internet.MimeMessage(jakarta.mail.Session.getInstance(new java.util.Properties()), in);
                assertThat(mail.getSubject()).isEqualTo("[CRITICAL] Return Sorter – Run " + failed.runId() + " failed");
            }
        }
        assertThat(folder.resolve("history.db")).isRegularFile();

        try (ReportService restarted = ReportService.start(bucket, clock, Map.of())) {
            assertThat(restarted.history().findRun(failed.runId())).isPresent();
            assertThat(restarted.push(Topics.BATCH_COMPLETED, failed)).as("a redelivery after a restart").isEqualTo(200);
            assertThat(restarted.get("/runs/" + failed.runId()).body()).contains("\"status\":\"failed\"");
        }
    }
}
