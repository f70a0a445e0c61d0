package com.returnsorter.report.notify;

import com.returnsorter.report.alerts.Channel;
import com.returnsorter.report.alerts.DeliveryException;
import com.returnsorter.report.alerts.Notification;
import com.returnsorter.report.alerts.Notifier;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;

/**
 * Posts alerts to a Slack incoming webhook ({@code slack.webhook-url}), with the HTTP client
 * {@code micronaut.http.services.slack} (its timeouts). The webhook URL is a secret: it appears in no log
 * line and no error message.
 *
 * <p>2xx delivers. 429 waits for {@code Retry-After} and tries again while the total wait stays within
 * {@code slack.max-retry-after}. 5xx, 429 beyond that, timeouts and connection failures are transient; any
 * other 4xx (400 invalid_payload, 403, 404 no_service, 410 channel archived) is permanent.
 */
@Singleton
@Requires(property = SlackConfiguration.WEBHOOK_URL, pattern = TransportConditions.NON_BLANK)
public class SlackWebhookNotifier implements Notifier {

    public static final String TARGET = "slack-webhook";

    private static final Logger LOG = LoggerFactory.getLogger(SlackWebhookNotifier.class);
    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

    private final HttpClient client;
    private final JsonMapper jsonMapper;
    private final URI webhook;
    private final Duration maxRetryAfter;

    public SlackWebhookNotifier(@Client(id = "slack") HttpClient client, JsonMapper jsonMapper,
                                SlackConfiguration configuration) {
        this.client = client;
        this.jsonMapper = jsonMapper;
        this.webhook = webhook(configuration);
        this.maxRetryAfter = configuration.maxRetryAfter();
    }

    @Override
    public Channel channel() {
        return Channel.SLACK;
    }

    @Override
    public String send(Notification notification) throws DeliveryException {
        String body = SlackMessage.of(notification).toJson(jsonMapper);
        String alertId = notification.alert().alertId();
        Duration waited = Duration.ZERO;
        while (true) {
            try {
                client.toBlocking().exchange(
                        HttpRequest.POST(webhook, body).contentType(MediaType.APPLICATION_JSON_TYPE), String.class);
                LOG.debug("Slack accepted alert {}", alertId);
                return TARGET;
            } catch (HttpClientResponseException e) {
                int status = e.getStatus().getCode();
                String answer = "Slack answered " + status + answerBody(e.getResponse());
                if (status != 429) {
                    throw new DeliveryException(TARGET, answer, status < 500, e);
                }
                Duration retryAfter = retryAfter(e.getResponse());
                if (waited.plus(retryAfter).compareTo(maxRetryAfter) > 0) {
                    throw new DeliveryException(TARGET, answer + " with Retry-After " + retryAfter.toSeconds()
                            + " s; waited " + waited.toSeconds() + " s of at most " + maxRetryAfter.toSeconds()
                            + " s, the next delivery tries again", false, e);
                }
                LOG.info("Slack is rate limiting; alert {} is sent again in {} s", alertId, retryAfter.toSeconds());
                sleep(retryAfter);
                waited = waited.plus(retryAfter);
            } catch (HttpClientException e) {
                // Timeouts, refused connections, TLS failures. Their messages name host and port at most,
                // but are scrubbed anyway: the webhook's path is the secret.
                throw new DeliveryException(TARGET, "Slack could not be reached: " + redact(e.getMessage()), false, e);
            }
        }
    }

    private static URI webhook(SlackConfiguration configuration) {
        try {
            URI uri = URI.create(configuration.webhookUrl().strip());
            if (uri.getHost() != null && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below, without the value
        }
        throw new IllegalArgumentException(SlackConfiguration.WEBHOOK_URL + " (SLACK_WEBHOOK_URL) is not an http(s) "
                + "URL");
    }

    /** Seconds, the form Slack sends; at least one second, so a run of 429s always uses up the allowance. */
    private static Duration retryAfter(HttpResponse<?> response) {
        return response.getHeaders().get("Retry-After", Long.class)
                .filter(seconds -> seconds > 0)
                .map(Duration::ofSeconds)
                .orElse(DEFAULT_RETRY_AFTER);
    }

    /** Slack's reason, e.g. {@code invalid_payload} or {@code no_service}. */
    private String answerBody(HttpResponse<?> response) {
        try {
            String body = response.getBody(String.class).orElse("").strip();
            return body.isEmpty() ? "" : ": " + redact(body.length() > 200 ? body.substring(0, 200) + "…" : body);
        } catch (RuntimeException unreadable) {
            return "";
        }
    }

    private String redact(String text) {
        if (text == null) {
            return "";
        }
        String redacted = text.replace(webhook.toString(), TARGET);
        return webhook.getRawPath() == null || webhook.getRawPath().length() <= 1 ? redacted
                : redacted.replace(webhook.getRawPath(), "/…");
    }

    private static void sleep(Duration duration) throws DeliveryException {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException(TARGET, "interrupted while waiting for Slack's Retry-After", false, e);
        }
    }
}
