package com.returnsorter.report.alerts;

import com.returnsorter.report.history.RunRecord;
import io.micronaut.core.annotation.Nullable;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * Everything a channel needs to tell people about an alert: one message per channel and event.
 *
 * @param alert        the most severe alert of the message
 * @param run          the run it is about; null for {@code missed-run} and {@code review-backlog}
 * @param reportUrl    a link to the run's HTML report; null when there is no run
 * @param dashboardUrl a link to the dashboard
 * @param timeZone     the zone people read times in (the morning shift's)
 * @param related      the other alerts of the same run on this channel, most severe first; they go
 *                     into the same message, so one run makes one Slack message
 */
public record Notification(
        AlertRecord alert,
        @Nullable RunRecord run,
        @Nullable String reportUrl,
        String dashboardUrl,
        ZoneId timeZone,
        List<AlertRecord> related) {

    public Notification {
        Objects.requireNonNull(alert, "alert");
        Objects.requireNonNull(dashboardUrl, "dashboardUrl");
        Objects.requireNonNull(timeZone, "timeZone");
        related = related == null ? List.of() : List.copyOf(related);
    }

    /** A message about one alert. */
    public Notification(AlertRecord alert, @Nullable RunRecord run, @Nullable String reportUrl, String dashboardUrl,
                        ZoneId timeZone) {
        this(alert, run, reportUrl, dashboardUrl, timeZone, List.of());
    }

    /** The alert and the related ones, most severe first. */
    public List<AlertRecord> alerts() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(alert), related.stream()).toList();
    }
}
