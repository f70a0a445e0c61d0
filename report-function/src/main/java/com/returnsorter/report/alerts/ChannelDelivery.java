package com.returnsorter.report.alerts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.Locale;

/**
 * The result of one channel of an alert, kept in the alert's {@code channels} map.
 *
 * @param state         where delivery stands
 * @param attempts      how many times a delivery was started
 * @param lastAttemptAt when the last attempt started; a {@link State#SENDING} older than the claim lease is taken over
 * @param deliveredAt   when the channel accepted the message
 * @param target        where it went ({@code slack-webhook}, {@code smtp:mail.example.com}, {@code file:/…/x.eml})
 * @param error         why the last attempt failed
 */
@Serdeable
public record ChannelDelivery(
        State state,
        int attempts,
        @Nullable Instant lastAttemptAt,
        @Nullable Instant deliveredAt,
        @Nullable String target,
        @Nullable String error) {

    public static final ChannelDelivery PENDING = new ChannelDelivery(State.PENDING, 0, null, null, null, null);

    @Serdeable
    public enum State {
        /** Not tried yet. */
        PENDING,
        /** A delivery is sending it now (a claim, so two deliveries of one event never both send). */
        SENDING,
        /** Accepted by the channel; never sent again. */
        DELIVERED,
        /** The last attempt failed transiently; the next delivery of the event tries again. */
        FAILED,
        /** The channel refused the message for good (e.g. Slack 404, SMTP 550); not retried. */
        REFUSED;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static State fromWire(String value) {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        }

        /** Nothing more will be attempted. */
        public boolean isFinal() {
            return this == DELIVERED || this == REFUSED;
        }
    }

    public ChannelDelivery sending(Instant now) {
        return new ChannelDelivery(State.SENDING, attempts + 1, now, null, target, error);
    }

    public ChannelDelivery delivered(Instant now, String where) {
        return new ChannelDelivery(State.DELIVERED, attempts, lastAttemptAt, now, where, null);
    }

    public ChannelDelivery failed(String where, String reason, boolean permanent) {
        return new ChannelDelivery(permanent ? State.REFUSED : State.FAILED, attempts, lastAttemptAt, null, where,
                reason);
    }
}
