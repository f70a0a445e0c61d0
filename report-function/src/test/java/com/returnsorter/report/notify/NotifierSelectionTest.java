package com.returnsorter.report.notify;

import com.returnsorter.report.alerts.Channel;
import com.returnsorter.report.alerts.Notifier;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Exactly one notifier per channel in every configuration: the real transport when configured, else files. */
class NotifierSelectionTest {

    @TempDir
    Path folder;

    private Map<Channel, Class<?>> notifiers(Map<String, Object> properties) {
        try (ApplicationContext context = TestContexts.start(folder, properties)) {
            var beans = context.getBeansOfType(Notifier.class);
            assertThat(beans.stream().map(Notifier::channel)).doesNotHaveDuplicates();
            return beans.stream().collect(Collectors.toMap(Notifier::channel, Object::getClass));
        }
    }

    @Test
    void localFilesWhenNothingIsConfigured() {
        assertThat(notifiers(Map.of())).containsExactlyInAnyOrderEntriesOf(Map.of(
                Channel.SLACK, LocalSlackNotifier.class,
                Channel.EMAIL, LocalEmailNotifier.class));
    }

    @Test
    void blankValuesCountAsNotConfigured() {
        assertThat(notifiers(Map.of("slack.webhook-url", "  ", "email.smtp-host", " ")))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(Channel.SLACK, LocalSlackNotifier.class, Channel.EMAIL, LocalEmailNotifier.class));
    }

    @Test
    void realTransportsWhenConfigured() {
        assertThat(notifiers(Map.of(
                "slack.webhook-url", "https://hooks.slack.com/services/T000/B000/XXXX",
                "email.smtp-host", "smtp.example.com"))).containsExactlyInAnyOrderEntriesOf(Map.of(
                Channel.SLACK, SlackWebhookNotifier.class,
                Channel.EMAIL, SmtpEmailNotifier.class));
    }

    @Test
    void eachChannelIsChosenOnItsOwn() {
        assertThat(notifiers(Map.of("email.smtp-host", "smtp.example.com"))).containsExactlyInAnyOrderEntriesOf(
                Map.of(Channel.SLACK, LocalSlackNotifier.class, Channel.EMAIL, SmtpEmailNotifier.class));
        assertThat(notifiers(Map.of("slack.webhook-url", "https://hooks.slack.com/services/T000/B000/XXXX")))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(Channel.SLACK, SlackWebhookNotifier.class, Channel.EMAIL, LocalEmailNotifier.class));
    }

    @Test
    void emailSettingsBindFromTheirEnvironmentStyleValues() {
        try (ApplicationContext context = TestContexts.start(folder, Map.of(
                "email.smtp-host", "smtp.example.com",
                "email.smtp-port", "465",
                "email.smtp-security", "tls",
                "email.smtp-timeout", "7s",
                "email.smtp-password", "pa55word",
                "email.to", "returns-it@example.com, ops@example.com"))) {
            EmailConfiguration email = context.getBean(EmailConfiguration.class);

            assertThat(email.smtpPort()).isEqualTo(465);
            assertThat(email.smtpSecurity()).isEqualTo(EmailConfiguration.Security.TLS);
            assertThat(email.smtpTimeout()).isEqualTo(Duration.ofSeconds(7));
            assertThat(email.to()).containsExactly("returns-it@example.com", "ops@example.com");
            assertThat(email.from()).isEqualTo("return-sorter@localhost");
            assertThat(email.toString()).doesNotContain("pa55word");
            assertThat(context.getBean(SlackConfiguration.class).maxRetryAfter()).isEqualTo(Duration.ofSeconds(30));
        }
    }
}
