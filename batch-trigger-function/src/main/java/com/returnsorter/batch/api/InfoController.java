package com.returnsorter.batch.api;

import io.micronaut.http.annotation.Controller;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.http.annotation.Get;
import io.micronaut.serde.annotation.Serdeable;

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
        return new Info("batch-trigger-function", Map.of(
                "POST /push", "Pub/Sub push endpoint (subscription batch-trigger)",
                "POST /runs", "start a run now; body {\"maxItems\"?, \"dryRun\"?}",
                "GET /runs/{runId}", "progress of a run, and its summary once finished",
                "GET /health", "UP (200) when the bucket and the predict function answer, else DOWN (503) with the reason; also /health/liveness, /health/readiness"));
    }
}
