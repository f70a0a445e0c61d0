package com.returnsorter.report.quality;

import com.returnsorter.report.workspace.Workspace;
import com.returnsorter.service.access.Roles;
import com.returnsorter.service.api.ApiException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;

/** {@code GET /quality?days=N}: live accuracy from the reviewers' decisions (DESIGN.md, docs/quality.md). */
@Secured({Roles.API, Roles.PEOPLE})
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class QualityController {

    static final int DEFAULT_DAYS = 30;
    static final int MAX_DAYS = 366;

    private final LiveAccuracy accuracy;

    public QualityController(LiveAccuracy accuracy) {
        this.accuracy = accuracy;
    }

    @Get(value = "/quality", produces = MediaType.APPLICATION_JSON)
    public QualityReport quality(@Nullable @QueryValue String days) {
        int period = days(days);
        return Workspace.guarded(() -> accuracy.lastDays(period));
    }

    static int days(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_DAYS;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed >= 1 && parsed <= MAX_DAYS) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ApiException(400, "invalid-days", "days must be a whole number from 1 to " + MAX_DAYS + ", got '"
                + value + "'");
    }
}
