package com.returnsorter.report;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.returnsorter.events.Topics;
import com.returnsorter.report.alerts.AlertRecord;
import com.returnsorter.report.alerts.Severity;
import com.returnsorter.report.history.HistoryStore;
import com.returnsorter.report.support.ReportService;
import com.returnsorter.report.support.TestClock;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hourly {@code watchdog} push looks at {@code review/} in the real local-directory bucket: one
 * {@code review-backlog} email per day while photos wait longer than {@code alerts.review-backlog-days}
 * (3 by default), none for fresh photos or an empty queue. A photo's age is its file's modification time.
 */
class ReviewBacklogTest {

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP);

    static final Instant NOW = Instant.parse("2026-11-20T09:00:00Z");
    static final Map<String, String> TICK = Map.of();

    @TempDir
    Path folder;

    TestClock clock = new TestClock(NOW);
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
    void photosOlderThanTheLimitRaiseOneEmailADayHoweverOftenTheWatchdogComes() throws Exception {
        photo("review/Shirt/waited-five-days.jpg", Duration.ofDays(5));
        photo("review/Shoes/waited-four-days.jpg", Duration.ofDays(4));
        photo("review/Shoes/arrived-yesterday.jpg", Duration.ofDays(1));
        photo("incoming/old-but-not-in-review.jpg", Duration.ofDays(9));

        assertThat(service.push(Topics.WATCHDOG, TICK)).isEqualTo(200);
        clock.advance(Duration.ofHours(1));
        assertThat(service.push(Topics.WATCHDOG, TICK)).as("the same day, an hour later").isEqualTo(200);

        List<AlertRecord> backlog = backlogAlerts();
        assertThat(backlog).extracting(AlertRecord::alertId).containsExactly("20261120-review-backlog");
        AlertRecord alert = backlog.get(0);
        assertThat(alert.severity()).isEqualTo(Severity.WARNING);
        assertThat(alert.channels()).containsOnlyKeys("email");
        assertThat(alert.channels().get("email").state().isFinal()).isTrue();
        assertThat(alert.subject()).isEqualTo("2 photos waiting in review/ for more than 3 days");
        assertThat(alert.message())
                .contains("2 photos have waited in review/ longer than 3 days",
                        "The oldest, \"review/Shirt/waited-five-days.jpg\", has waited 5 days (since 2026-11-15)",
                        "\"review/Shoes/waited-four-days.jpg\"")
                .doesNotContain("arrived-yesterday", "incoming/", "at least", "At least");

        MimeMessage[] mails = MAIL.getReceivedMessages();
        assertThat(mails).as("once, not once per watchdog message").hasSize(1);
        assertThat(mails[0].getSubject())
                .isEqualTo("[WARNING] Return Sorter – 2 photos waiting in review/ for more than 3 days");
        String text = (String) ((MimeMultipart) mails[0].getContent()).getBodyPart(0).getContent();
        assertThat(text).contains("review/Shirt/waited-five-days.jpg", "Open the review queue");

        clock.set(Instant.parse("2026-11-21T09:00:00Z"));
        assertThat(service.push(Topics.WATCHDOG, TICK)).isEqualTo(200);
        assertThat(backlogAlerts()).as("still waiting the next day: a new alert")
                .extracting(AlertRecord::alertId)
                .containsExactlyInAnyOrder("20261120-review-backlog", "20261121-review-backlog");
        assertThat(MAIL.getReceivedMessages()).hasSize(2);
        assertThat(backlogAlerts().stream().filter(a -> a.alertId().startsWith("20261121")).findFirst().orElseThrow()
                .subject()).as("the photo of yesterday is 2 days old now").startsWith("2 photos");
    }

    @Test
    void onlyFreshPhotosRaiseNothing() throws Exception {
        photo("review/Shirt/arrived-yesterday.jpg", Duration.ofDays(1));
        photo("review/Shoes/almost-three-days.jpg", Duration.ofDays(3).minusMinutes(1));

        assertThat(service.push(Topics.WATCHDOG, TICK)).isEqualTo(200);
        assertThat(backlogAlerts()).isEmpty();
        assertThat(MAIL.getReceivedMessages()).isEmpty();
    }

    @Test
    void anEmptyReviewFolderRaisesNothing() throws Exception {
        Files.createDirectories(bucket.resolve("review/Shirt"));
        assertThat(service.push(Topics.WATCHDOG, TICK)).isEqualTo(200);
        photo("incoming/old.jpg", Duration.ofDays(30));
        assertThat(service.push(Topics.WATCHDOG, TICK)).isEqualTo(200);

        assertThat(backlogAlerts()).isEmpty();
        assertThat(MAIL.getReceivedMessages()).isEmpty();
    }

    @Test
    void oneCheckListsAtMostTenThousandObjectsAndSaysAtLeast() throws Exception {
        for (int n = 0; n < 10_050; n++) {
            photo(String.format("review/Shirt/photo-%05d.jpg", n), Duration.ofDays(4).plusMinutes(n));
        }

        assertThat(service.push(Topics.WATCHDOG, TICK)).isEqualTo(200);

        assertThat(backlogAlerts()).singleElement().satisfies(alert -> {
            assertThat(alert.subject()).isEqualTo("At least 10000 photos waiting in review/ for more than 3 days");
            assertThat(alert.message()).contains("stopped after listing 10000 objects",
                    "The oldest of those listed, \"review/Shirt/photo-09999.jpg\"");
        });
        assertThat(MAIL.getReceivedMessages()).hasSize(1);
    }

    /** A photo at {@code key} in the bucket folder, last modified {@code age} before the service's clock. */
    private void photo(String key, Duration age) throws Exception {
        Path file = bucket.resolve(key);
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9});
        Files.setLastModifiedTime(file, FileTime.from(clock.instant().minus(age)));
    }

    private List<AlertRecord> backlogAlerts() {
        return service.history().alerts(HistoryStore.AlertQuery.recent(50)).stream()
                .filter(alert -> alert.rule().equals("review-backlog")).toList();
    }
}
