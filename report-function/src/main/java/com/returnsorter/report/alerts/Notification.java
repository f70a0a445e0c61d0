package com.returnsorter.report.alerts;

import com.returnsorter.report.history.RunRecord;
import io.micronaut.core.annotation.Nullable;

import java.time.ZoneId;
import java.util.Objects;

/**
 * Everything a channel needs to tell people about an alert.
 *
 * @param alert        the alert
 * @param run          the run it is about; null for {@code missed-run}
 * @param reportUrl    a link to the run's HTML report; null when there is no run
 * @param dashboardUrl a link to the dashboard
 * @param timeZone     the zone people read times in (the morning shift's)
 */
public record Notification(
        AlertRecord alert,
        @Nullable RunRecord run,
        @Nullable String reportUrl,
        String dashboardUrl,
        ZoneId timeZone) {

    public Notification {
        Objects.requireNonNull(alert, "alert");
        Objects.requireNonNull(dashboardUrl, "dashboardUrl");
        Objects.requireNonNull(timeZone, "timeZone");
    }
}
