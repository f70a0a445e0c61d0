package com.returnsorter.report.history;

import com.returnsorter.report.alerts.ChannelDelivery;

import java.time.Duration;
import java.time.Instant;

/** The one rule both stores apply when a delivery wants to send a channel of an alert. */
final class AlertClaims {

    private AlertClaims() {
    }

    /**
     * A channel can be claimed when nothing was sent yet, when the last attempt failed transiently,
     * or when a delivery claimed it longer than {@code lease} ago and never recorded a result (it died).
     */
    static boolean claimable(ChannelDelivery delivery, Instant now, Duration lease) {
        return switch (delivery.state()) {
            case PENDING, FAILED -> true;
            case SENDING -> delivery.lastAttemptAt() == null || !delivery.lastAttemptAt().plus(lease).isAfter(now);
            case DELIVERED, REFUSED -> false;
        };
    }
}
