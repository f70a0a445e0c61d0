package com.returnsorter.report.stats;

import com.returnsorter.report.ReportConfiguration;
import io.micronaut.scheduling.cron.CronExpression;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.time.ZoneId;

/** The nightly Cloud Scheduler cron ({@code report.schedule}, five fields) in {@code report.time-zone}. */
@Singleton
public class Schedule {

    private final CronExpression cron;
    private final ZoneId zone;
    private final String expression;

    public Schedule(ReportConfiguration configuration) {
        this.expression = configuration.schedule().strip();
        if (expression.split("\\s+").length != 5) {
            throw new IllegalArgumentException("report.schedule must be a five-field cron like Cloud Scheduler's "
                    + "(minute hour day month weekday), got '" + expression + "'");
        }
        // Micronaut's cron has a leading seconds field.
        this.cron = CronExpression.create("0 " + expression);
        this.zone = configuration.timeZone();
    }

    public Instant nextAfter(Instant now) {
        return cron.nextTimeAfter(now.atZone(zone)).toInstant();
    }

    public String expression() {
        return expression;
    }

    public ZoneId zone() {
        return zone;
    }
}
