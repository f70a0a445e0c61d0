package com.returnsorter.report.api;

import com.returnsorter.report.stats.HealthReport;
import com.returnsorter.report.stats.RunStatistics;
import com.returnsorter.report.stats.WeeklyReport;
import com.returnsorter.service.access.Roles;
import com.returnsorter.service.api.ApiException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** {@code GET /health-report} and {@code GET /reports/weekly}: for programs with a key and for people. */
@Secured({Roles.API, Roles.PEOPLE})
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class ReportsController {

    private final RunStatistics statistics;

    public ReportsController(RunStatistics statistics) {
        this.statistics = statistics;
    }

    @Get("/health-report")
    public HealthReport health() {
        return statistics.health();
    }

    /** @param to the last day of the week (inclusive, in the report's zone); today when absent */
    @Get("/reports/weekly")
    public WeeklyReport weekly(@Nullable @QueryValue String to) {
        LocalDate lastDay = statistics.today();
        if (to != null && !to.isBlank()) {
            try {
                lastDay = LocalDate.parse(to.strip());
            } catch (DateTimeParseException e) {
                throw new ApiException(400, "invalid-to", "to must be a date like 2026-11-22, got '" + to + "'");
            }
        }
        return statistics.weekly(lastDay);
    }
}
