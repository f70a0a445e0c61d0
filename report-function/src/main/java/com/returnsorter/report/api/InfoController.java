package com.returnsorter.report.api;

import io.micronaut.http.annotation.Controller;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.http.annotation.Get;
import io.micronaut.serde.annotation.Serdeable;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /} names the endpoints ({@code /health} is Micronaut's management endpoint, docs/operations.md). */
@Secured(SecurityRule.IS_ANONYMOUS)
@Controller
public class InfoController {

    @Serdeable
    public record Info(String service, Map<String, String> endpoints) {
    }

    @Get
    public Info index() {
        Map<String, String> endpoints = new LinkedHashMap<>();
        endpoints.put("POST /push", "Pub/Sub push endpoint (subscriptions batch-completed and watchdog)");
        endpoints.put("GET /runs?days=30", "recorded runs, newest first; Accept: text/csv for CSV");
        endpoints.put("GET /runs/{runId}?status=review&sort=confidence", "a run with its items");
        endpoints.put("GET /runs/{runId}/report", "the run's HTML report");
        endpoints.put("GET /alerts?resolved=false&severity=WARNING", "alerts, newest first");
        endpoints.put("POST /alerts/{alertId}/resolve", "resolve an alert; body {\"resolvedBy\": \"name\"}");
        endpoints.put("GET /health-report", "status, last run, 7-day figures, open alerts, next run");
        endpoints.put("GET /reports/weekly?to=2026-11-22", "the week's totals, daily trend, categories, change");
        endpoints.put("GET /dashboard", "the dashboard page");
        endpoints.put("GET /health", "UP (200) when the bucket and the history answer, else DOWN (503) with the reason; also /health/liveness, /health/readiness");
        return new Info("report-function", endpoints);
    }
}
