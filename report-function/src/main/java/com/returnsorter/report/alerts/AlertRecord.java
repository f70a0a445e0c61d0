package com.returnsorter.report.alerts;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An alert: the {@code alerts/{alertId}} document (DESIGN.md).
 *
 * @param alertId  {@code <runId>-<rule>}, {@code <yyyyMMdd>-missed-run} or {@code <yyyyMMdd>-review-backlog}: a redelivered event finds its alert
 * @param rule     the rule's id ({@code run-failed}, {@code high-error-rate}, …)
 * @param subject  one line, without the severity prefix
 * @param message  what happened and what to do, plain text
 * @param runId    the run the alert is about; null for {@code missed-run} and {@code review-backlog}
 * @param channels the delivery result per channel the rule uses, keyed by {@link Channel#wireName()}
 */
@Serdeable
public record AlertRecord(
        String alertId,
        Instant createdAt,
        Severity severity,
        String rule,
        String subject,
        String message,
        @Nullable String runId,
        Map<String, ChannelDelivery> channels,
        boolean resolved,
        @Nullable Instant resolvedAt,
        @Nullable String resolvedBy) {

    public AlertRecord {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(rule, "rule");
        channels = channels == null || channels.isEmpty() ? Map.of() : Map.copyOf(new TreeMap<>(channels));
    }

    public ChannelDelivery channel(Channel channel) {
        return channels.getOrDefault(channel.wireName(), ChannelDelivery.PENDING);
    }

    public AlertRecord withChannel(Channel channel, ChannelDelivery delivery) {
        Map<String, ChannelDelivery> updated = new TreeMap<>(channels);
        updated.put(channel.wireName(), delivery);
        return new AlertRecord(alertId, createdAt, severity, rule, subject, message, runId, updated, resolved,
                resolvedAt, resolvedBy);
    }

    public AlertRecord resolve(Instant at, String by) {
        return new AlertRecord(alertId, createdAt, severity, rule, subject, message, runId, channels, true, at, by);
    }
}
