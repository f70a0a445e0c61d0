package com.returnsorter.report.notify;

import com.returnsorter.report.alerts.Notification;
import com.returnsorter.report.alerts.Notifier;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.tree.JsonNode;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class LocalNotifiersTest {

    @TempDir
    Path directory;

    private ApplicationContext context;

    @BeforeEach
    void start() {
        context = TestContexts.start(directory, Map.of(
                "notifications.local-dir", directory.resolve("notifications").toString(),
                "email.from", "Return Sorter <return-sorter@localhost>",
                "email.to", "returns-it@localhost,ops@localhost"));
    }

    @AfterEach
    void stop() {
        context.close();
    }

    @Test
    void slackMessageIsWrittenAsBlockKitJson() throws Exception {
        Notifier notifier = context.getBean(LocalSlackNotifier.class);

        String target = notifier.send(Alerts.lowConfidence());

        Path file = directory.resolve("notifications/slack").resolve(Alerts.RUN_ID + "-low-confidence.json");
        assertThat(target).isEqualTo("file:" + file.toAbsolutePath());
        JsonNode payload = SlackMessageTest.parse(Files.readString(file));
        assertThat(payload.get("blocks").get(0).get("text").get("text").getStringValue())
                .isEqualTo("🟡 WARNING · 57 photos to review");
        assertThat(payload.get("text").getStringValue()).startsWith("[WARNING] 57 photos to review");
    }

    @Test
    void sameAlertOverwritesItsFileAndLeavesNoTemporaryFiles() throws Exception {
        Notifier notifier = context.getBean(LocalSlackNotifier.class);

        notifier.send(Alerts.lowConfidence());
        notifier.send(Alerts.lowConfidence());
        notifier.send(Alerts.highErrorRate());

        try (var files = Files.list(directory.resolve("notifications/slack"))) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactlyInAnyOrder(
                    Alerts.RUN_ID + "-low-confidence.json", Alerts.RUN_ID + "-high-error-rate.json");
        }
    }

    @Test
    void emailIsWrittenAsAnEmlFileAMailClientCanOpen() throws Exception {
        Notifier notifier = context.getBean(LocalEmailNotifier.class);
        Notification missed = Alerts.missedRun();

        String target = notifier.send(missed);

        Path file = directory.resolve("notifications/email").resolve("20261123-missed-run.eml");
        assertThat(target).isEqualTo("file:" + file.toAbsolutePath());
        MimeMessage message;
        try (InputStream in = Files.newInputStream(file)) {
            message = new MimeMessage(Session.getInstance(new Properties()), in);
        }
        assertThat(message.getSubject()).isEqualTo("[WARNING] Return Sorter – No finished run in 36 h");
        assertThat(message.getRecipients(Message.RecipientType.TO)).extracting(Object::toString)
                .containsExactly("returns-it@localhost", "ops@localhost");
        assertThat(message.getMessageID()).isNotBlank();
        MimeMultipart parts = (MimeMultipart) message.getContent();
        assertThat((String) parts.getBodyPart(0).getContent()).contains("Cloud Scheduler job");
        assertThat((String) parts.getBodyPart(1).getContent()).contains("<!DOCTYPE html>", Alerts.DASHBOARD);
    }

    @Test
    void alertIdCannotPointOutsideTheDirectory() {
        assertThat(LocalFiles.fileOf(directory, "../../etc/passwd", ".json"))
                .isEqualTo(directory.resolve(".._.._etc_passwd.json"));
    }
}
