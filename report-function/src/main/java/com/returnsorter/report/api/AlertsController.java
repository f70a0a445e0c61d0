package com.returnsorter.report.api;

import com.returnsorter.report.ReportConfiguration;
import com.returnsorter.report.alerts.AlertRecord;
import com.returnsorter.report.alerts.Severity;
import com.returnsorter.report.history.HistoryStore;
import com.returnsorter.service.access.ApiKey;
import com.returnsorter.service.access.ApiKeys;
import com.returnsorter.service.api.ApiException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /alerts} (filter by {@code resolved}, {@code severity}, {@code runId}) and
 * {@code POST /alerts/{alertId}/resolve}, which records who resolved it and when.
 */
@Controller("/alerts")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AlertsController {

    static final int MAX_ALERTS = 500;

    private final HistoryStore history;
    private final ApiKeys keys;
    private final Clock clock;

    public AlertsController(HistoryStore history, ReportConfiguration configuration, Clock clock) {
        this.history = history;
        this.keys = new ApiKeys(configuration.apiKeys());
        this.clock = clock;
    }

    @Serdeable
    public record AlertList(int count, List<AlertRecord> alerts) {
    }

    /** @param resolvedBy who resolved it; defaults to the name of the caller's API key */
    @Serdeable
    public record ResolveRequest(@Nullable @Size(min = 1, max = 200) String resolvedBy) {
    }

    @Get
    public AlertList list(@Nullable @Header("X-API-Key") String apiKey, @Nullable @QueryValue String resolved,
                          @Nullable @QueryValue String severity, @Nullable @QueryValue String runId,
                          @Nullable @QueryValue String limit) {
        keys.authorize(apiKey);
        HistoryStore.AlertQuery query = new HistoryStore.AlertQuery(QueryParameters.bool(resolved, "resolved"),
                severity(severity), runId == null || runId.isBlank() ? null : runId.strip(),
                QueryParameters.integer(limit, "limit", 100, 1, MAX_ALERTS));
        List<AlertRecord> alerts = history.alerts(query);
        return new AlertList(alerts.size(), alerts);
    }

    @Post(value = "/{alertId}/resolve", consumes = {MediaType.APPLICATION_JSON, MediaType.ALL})
    public AlertRecord resolve(@Nullable @Header("X-API-Key") String apiKey, @PathVariable String alertId,
                               @Nullable @Valid @Body ResolveRequest request) {
        Optional<ApiKey> caller = keys.authorize(apiKey);
        String by = request != null && request.resolvedBy() != null && !request.resolvedBy().isBlank()
                ? request.resolvedBy().strip() : caller.map(ApiKey::name).orElse(null);
        if (by == null) {
            throw new ApiException(400, "resolved-by-required", "say who resolves the alert: {\"resolvedBy\": \"name\"}");
        }
        if (alertId.length() > 200) {
            throw new ApiException(400, "invalid-alert-id", "an alert id is at most 200 characters");
        }
        return history.resolveAlert(alertId, clock.instant(), by)
                .orElseThrow(() -> new ApiException(404, "alert-not-found", "no alert " + alertId));
    }

    @Nullable
    private static Severity severity(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Severity.fromWire(value);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "invalid-severity", "severity must be INFO, WARNING, ERROR or CRITICAL, got '"
                    + value + "'");
        }
    }
}
