package com.returnsorter.report;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

/**
 * The report function's own settings ({@code report.*}).
 *
 * @param timeZone         the zone of the dashboard, the messages and the days of the trends; also the
 *                         zone of {@code schedule}
 * @param schedule         the nightly Cloud Scheduler cron (five fields), for "next scheduled run"
 * @param publicUrl        the base of links in Slack, email and the API (the service's URL)
 * @param dashboardRefresh how often the dashboard reloads itself
 * @param apiKeys          {@code name:key} entries for the read API and resolving alerts; none means open
 */
@ConfigurationProperties(ReportConfiguration.PREFIX)
public record ReportConfiguration(
        @Bindable(defaultValue = "UTC") @NotNull ZoneId timeZone,
        @Bindable(defaultValue = "0 2 * * *") @NotBlank String schedule,
        @Bindable(defaultValue = "http://localhost:8082") @NotBlank String publicUrl,
        @NotNull Duration dashboardRefresh,
        @Bindable(defaultValue = "") List<String> apiKeys) {

    public static final String PREFIX = "report";

    public String dashboardUrl() {
        return base() + "/dashboard";
    }

    /** The run's HTML report, served by {@code GET /runs/{runId}/report}. */
    public String reportUrl(String runId) {
        return base() + "/runs/" + URLEncoder.encode(runId, StandardCharsets.UTF_8) + "/report";
    }

    private String base() {
        return publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }
}
