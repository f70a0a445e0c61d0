package com.returnsorter.report.alerts;

/**
 * A channel did not take a message.
 *
 * @see #isPermanent()
 */
public class DeliveryException extends Exception {

    private final String target;
    private final boolean permanent;

    public DeliveryException(String target, String message, boolean permanent, Throwable cause) {
        super(message, cause);
        this.target = target;
        this.permanent = permanent;
    }

    public DeliveryException(String target, String message, boolean permanent) {
        this(target, message, permanent, null);
    }

    /** Where the message was going ({@code slack-webhook}, {@code smtp:host}). */
    public String target() {
        return target;
    }

    /**
     * True when sending the same message again cannot succeed (Slack 400/403/404, SMTP 5xx for the
     * recipient): the channel is recorded as refused and not retried. False for timeouts, 5xx, 429
     * and refused connections: the next delivery of the event tries again.
     */
    public boolean isPermanent() {
        return permanent;
    }
}
