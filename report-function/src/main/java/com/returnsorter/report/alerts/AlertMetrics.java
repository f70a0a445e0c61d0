package com.returnsorter.report.alerts;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/** Alerts sent, by rule and channel ({@code returnsorter_alerts_sent_total} at {@code /prometheus}). */
@Singleton
public class AlertMetrics {

    static final String SENT = "returnsorter.alerts.sent";

    private final MeterRegistry registry;

    public AlertMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One alert of {@code rule} accepted by {@code channel} (several alerts may share one message). */
    public void sent(String rule, Channel channel) {
        registry.counter(SENT, "rule", rule, "channel", channel.wireName()).increment();
    }
}
