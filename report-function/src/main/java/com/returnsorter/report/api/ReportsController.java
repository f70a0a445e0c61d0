package com.returnsorter.report.api;

import com.returnsorter.report.ReportConfiguration;
import com.returnsorter.report.stats.HealthReport;
import com.returnsorter.report.stats.RunStatistics;
import com.returnsorter.report.stats.WeeklyReport;
import com.returnsorter.service.access.ApiKeys;
import com.returnsorter.service.api.ApiException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** {@code GET /health-report} and {@code GET /reports/weekly}. */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class ReportsController {

    private final RunStatistics statistics;
    private final ApiKeys keys;

    public ReportsController(RunStatistics statistics, ReportConfiguration configuration) {
        this.statistics = statistics;
        this.keys = new ApiKeys(configuration.apiKeys());
    }

    @Get("/health-report")
    public HealthReport health(@Nullable @Header("X-API-Key") String apiKey) {
        keys.authorize(apiKey);
        return statistics.health();
    }

    /** @param to the last day of the week (inclusive, in the report's zone); today when absent */
    @Get("/reports/weekly")
    public WeeklyReport weekly(@Nullable @Header("X-API-Key") String apiKey, @Nullable @QueryValue String to) {
        keys.authorize(apiKey);
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
