package com.returnsorter.report.notify;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.returnsorter.report.alerts.DeliveryException;
import com.returnsorter.report.alerts.Notifier;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SmtpEmailNotifierTest {

    @RegisterExtension
    static final GreenMailExtension GREEN_MAIL = new GreenMailExtension(ServerSetupTest.SMTP)
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts", "s3cret"));

    private static EmailConfiguration smtp(int port, String username, String password, List<String> to) {
        return new EmailConfiguration("localhost", port, username, password, EmailConfiguration.Security.NONE,
                Duration.ofSeconds(2), "Return Sorter <return-sorter@example.com>", to);
    }

    private static EmailConfiguration greenMail(List<String> to) {
        return smtp(ServerSetupTest.SMTP.getPort(), "alerts", "s3cret", to);
    }

    @Test
    void sendsSubjectBothPartsToEveryRecipient() throws Exception {
        Notifier notifier = new SmtpEmailNotifier(greenMail(List.of("returns-it@example.com", "ops@example.com")));

        String target = notifier.send(Alerts.highErrorRate());

        assertThat(target).isEqualTo("smtp:localhost");
        assertThat(GREEN_MAIL.waitForIncomingEmail(5000, 2)).isTrue();
        MimeMessage received = GREEN_MAIL.getReceivedMessages()[0];
        assertThat(received.getSubject()).isEqualTo("[ERROR] Return Sorter – 12.0 % of the photos failed");
        assertThat(received.getFrom()).extracting(Address::toString)
                .containsExactly("Return Sorter <return-sorter@example.com>");
        assertThat(received.getRecipients(Message.RecipientType.TO)).extracting(Address::toString)
                .containsExactly("returns-it@example.com", "ops@example.com");
        // GreenMail keeps one copy per envelope recipient
        assertThat(GREEN_MAIL.getReceivedMessages()).hasSize(2);
        assertThat(received.getHeader(EmailMessage.ALERT_HEADER)).containsExactly(Alerts.RUN_ID + "-high-error-rate");

        assertThat(received.getContentType()).startsWith("multipart/alternative");
        MimeMultipart parts = (MimeMultipart) received.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain; charset=UTF-8");
        assertThat((String) parts.getBodyPart(0).getContent())
                .contains("Success rate:   88.0 %", "Recommended actions", "rejected/", Alerts.REPORT);
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html; charset=UTF-8");
        assertThat((String) parts.getBodyPart(1).getContent())
                .contains("<b>88.0 %</b>", "href=\"" + Alerts.DASHBOARD + "\"");
    }

    @Test
    void refusedLoginIsPermanent() {
        Notifier notifier = new SmtpEmailNotifier(
                smtp(ServerSetupTest.SMTP.getPort(), "alerts", "wrong", List.of("returns-it@example.com")));

        DeliveryException e = failure(() -> notifier.send(Alerts.highErrorRate()));

        assertThat(e.isPermanent()).isTrue();
        assertThat(e.target()).isEqualTo("smtp:localhost");
        assertThat(e.getMessage()).doesNotContain("wrong");
    }

    @Test
    void recipientRefusedWith5xxIsPermanent() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.replying(address -> "550 5.1.1 <" + address
                + ">: Recipient address rejected: User unknown")) {
            Notifier notifier = new SmtpEmailNotifier(smtp(server.port(), null, null, List.of("nobody@example.com")));

            DeliveryException e = failure(() -> notifier.send(Alerts.highErrorRate()));

            assertThat(e.isPermanent()).isTrue();
            assertThat(e.getMessage()).contains("550 5.1.1", "User unknown");
            assertThat(server.messages()).isEmpty();
        }
    }

    @Test
    void recipientDeferredWith4xxIsTransient() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.replying(address -> "451 4.7.1 Greylisted, try later")) {
            Notifier notifier = new SmtpEmailNotifier(smtp(server.port(), null, null, List.of("ops@example.com")));

            DeliveryException e = failure(() -> notifier.send(Alerts.highErrorRate()));

            assertThat(e.isPermanent()).isFalse();
            assertThat(e.getMessage()).contains("451");
        }
    }

    @Test
    void oneRefusedRecipientDoesNotKeepTheEmailFromTheOthers() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.replying(address -> address.startsWith("typo")
                ? "550 5.1.1 User unknown" : "250 OK")) {
            Notifier notifier = new SmtpEmailNotifier(
                    smtp(server.port(), null, null, List.of("typo@example.com", "ops@example.com")));

            assertThat(notifier.send(Alerts.highErrorRate())).isEqualTo("smtp:localhost");

            assertThat(server.accepted()).containsExactly("ops@example.com");
            assertThat(server.messages()).singleElement().asString()
                    .contains("Subject: =?UTF-8?");
        }
    }

    @Test
    void serverDownIsTransient() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Notifier notifier = new SmtpEmailNotifier(smtp(closedPort, null, null, List.of("ops@example.com")));

        DeliveryException e = failure(() -> notifier.send(Alerts.highErrorRate()));

        assertThat(e.isPermanent()).isFalse();
        assertThat(e.target()).isEqualTo("smtp:localhost");
    }

    @Test
    void silentServerTimesOutTransiently() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.silent()) {
            Notifier notifier = new SmtpEmailNotifier(smtp(server.port(), null, null, List.of("ops@example.com")));

            DeliveryException e = failure(() -> notifier.send(Alerts.highErrorRate()));

            assertThat(e.isPermanent()).isFalse();
        }
    }

    @Test
    void starttlsIsRequiredSoCredentialsNeverTravelInClearText() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.replying(address -> "250 OK")) {
            Notifier notifier = new SmtpEmailNotifier(new EmailConfiguration("localhost", server.port(), "alerts",
                    "s3cret", EmailConfiguration.Security.STARTTLS, Duration.ofSeconds(2), "return-sorter@example.com",
                    List.of("ops@example.com")));

            DeliveryException e = failure(() -> notifier.send(Alerts.highErrorRate()));

            assertThat(e.getMessage()).containsIgnoringCase("STARTTLS");
            assertThat(server.messages()).isEmpty();
        }
    }

    private static DeliveryException failure(ThrowableAssert.ThrowingCallable send) {
        DeliveryException e = catchThrowableOfType(DeliveryException.class, send);
        assertThat(e).as("a DeliveryException").isNotNull();
        return e;
    }
}
