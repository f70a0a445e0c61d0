package com.returnsorter.report.api;

import com.returnsorter.report.alerts.AlertRecord;
import com.returnsorter.report.alerts.Severity;
import com.returnsorter.report.history.HistoryStore;
import com.returnsorter.service.access.ApiKeyAuthenticationFetcher;
import com.returnsorter.service.access.Roles;
import com.returnsorter.service.api.ApiException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import java.time.Clock;
import java.util.List;

/**
 * {@code GET /alerts} (filter by {@code resolved}, {@code severity}, {@code runId}) and
 * {@code POST /alerts/{alertId}/resolve}, which records who resolved it and when. Reading is for programs
 * with a key and for people; resolving only with a key (a page a person visits cannot post it for them).
 */
@Controller("/alerts")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AlertsController {

    static final int MAX_ALERTS = 500;

    private final HistoryStore history;
    private final Clock clock;

    public AlertsController(HistoryStore history, Clock clock) {
        this.history = history;
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
    @Secured({Roles.API, Roles.PEOPLE})
    public AlertList list(@Nullable @QueryValue String resolved,
                          @Nullable @QueryValue String severity, @Nullable @QueryValue String runId,
                          @Nullable @QueryValue String limit) {
        HistoryStore.AlertQuery query = new HistoryStore.AlertQuery(QueryParameters.bool(resolved, "resolved"),
                severity(severity), runId == null || runId.isBlank() ? null : runId.strip(),
                QueryParameters.integer(limit, "limit", 100, 1, MAX_ALERTS));
        List<AlertRecord> alerts = history.alerts(query);
        return new AlertList(alerts.size(), alerts);
    }

    @Post(value = "/{alertId}/resolve", consumes = {MediaType.APPLICATION_JSON, MediaType.ALL})
    @Secured(Roles.API)
    public AlertRecord resolve(Authentication caller, @PathVariable String alertId,
                               @Nullable @Valid @Body ResolveRequest request) {
        String by = request != null && request.resolvedBy() != null && !request.resolvedBy().isBlank()
                ? request.resolvedBy().strip() : keyName(caller);
        if (by == null) {
            throw new ApiException(400, "resolved-by-required", "say who resolves the alert: {\"resolvedBy\": \"name\"}");
        }
        if (alertId.length() > 200) {
            throw new ApiException(400, "invalid-alert-id", "an alert id is at most 200 characters");
        }
        return history.resolveAlert(alertId, clock.instant(), by)
                .orElseThrow(() -> new ApiException(404, "alert-not-found", "no alert " + alertId));
    }

    /** The caller's key name; none in open mode, where the body must say who resolves. */
    @Nullable
    private static String keyName(Authentication caller) {
        Object name = caller.getAttributes().get(ApiKeyAuthenticationFetcher.KEY_NAME);
        return name == null ? null : name.toString();
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
