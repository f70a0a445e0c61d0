package com.returnsorter.report.notify;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * The Slack channel ({@code slack.*}). The HTTP client's timeouts are under
 * {@code micronaut.http.services.slack}.
 *
 * @param webhookUrl    the incoming webhook (a secret: never logged); blank sends Slack messages to local files
 * @param maxRetryAfter the longest total wait one delivery spends on 429 {@code Retry-After}s before it gives
 *                      up transiently and leaves the message to the next delivery of the event
 */
@ConfigurationProperties(SlackConfiguration.PREFIX)
public record SlackConfiguration(
        @Nullable String webhookUrl,
        @NotNull Duration maxRetryAfter) {

    public static final String PREFIX = "slack";
    public static final String WEBHOOK_URL = PREFIX + ".webhook-url";

    public boolean webhookConfigured() {
        return webhookUrl != null && !webhookUrl.isBlank();
    }

    /** Keeps the webhook URL out of logs and exception messages. */
    @Override
    public String toString() {
        return "SlackConfiguration[webhookUrl=" + (webhookConfigured() ? "<secret>" : "") + ", maxRetryAfter="
                + maxRetryAfter + "]";
    }
}
