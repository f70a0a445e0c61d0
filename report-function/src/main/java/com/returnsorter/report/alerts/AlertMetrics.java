package com.returnsorter.report.alerts;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/**
 * Alerts by rule, channel and what became of the send ({@value #ALERTS}; {@code returnsorter_alerts_total} at
 * {@code /prometheus}, {@code custom.googleapis.com/returnsorter/alerts} in Cloud Monitoring): {@value #DELIVERED}
 * when the channel accepted the message, {@value #FAILED} when it could not be reached (retried by the next
 * delivery), {@value #REFUSED} when it refused the message for good. Several alerts sharing one message each count.
 */
@Singleton
public class AlertMetrics {

    static final String ALERTS = "returnsorter.alerts";
    static final String DELIVERED = "delivered";
    static final String FAILED = "failed";
    static final String REFUSED = "refused";

    private final MeterRegistry registry;

    public AlertMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One alert of {@code rule} sent on {@code channel}, with its {@code outcome}. */
    void count(String rule, Channel channel, String outcome) {
        registry.counter(ALERTS, "rule", rule, "channel", channel.wireName(), "outcome", outcome).increment();
    }
}
