package com.returnsorter.report.api;

import com.returnsorter.events.ItemStatus;
import com.returnsorter.events.RunIds;
import com.returnsorter.report.ReportConfiguration;
import com.returnsorter.report.dashboard.DashboardPage;
import com.returnsorter.report.history.HistoryStore;
import com.returnsorter.report.history.HistoryStore.ItemOrder;
import com.returnsorter.report.history.ItemRecord;
import com.returnsorter.report.history.RunRecord;
import com.returnsorter.service.access.Roles;
import com.returnsorter.service.api.ApiException;
import com.returnsorter.storage.ObjectNotFoundException;
import com.returnsorter.storage.ObjectStore;
import com.returnsorter.storage.ObjectStoreException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.views.ModelAndView;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The run history: {@code GET /runs?days=N} (JSON, CSV with {@code Accept: text/csv} or {@code format=csv},
 * or the runs page for a browser),
 * {@code GET /runs/{runId}} with its items, and {@code GET /runs/{runId}/report}, the run's HTML
 * report from the bucket. For programs with a key and for people (the report link in Slack opens in a browser).
 */
@Secured({Roles.API, Roles.PEOPLE})
@Controller("/runs")
@ExecuteOn(TaskExecutors.BLOCKING)
public class RunsController {

    static final int MAX_DAYS = 400;
    static final int MAX_ITEMS = 5000;
    private static final long MAX_REPORT_BYTES = 32L * 1024 * 1024;

    /** The runs page, in module pages (docs/pages.md). */
    static final String RUNS_VIEW = "runs";

    private final HistoryStore history;
    private final ObjectStore store;
    private final Clock clock;
    private final ZoneId timeZone;

    public RunsController(HistoryStore history, ObjectStore store, Clock clock, ReportConfiguration configuration) {
        this.history = history;
        this.store = store;
        this.clock = clock;
        this.timeZone = configuration.timeZone();
    }

    /** @param days the window, counted back from now by the runs' start */
    @Serdeable
    public record RunList(int days, Instant since, int count, List<RunRecord> runs) {
    }

    /**
     * @param items the run's items that match the filter, in the asked order, at most {@code limit}
     */
    @Serdeable
    public record RunDetail(RunRecord run, @Nullable String status, String sort, int limit, List<ItemRecord> items) {
    }

    /**
     * JSON by default; CSV with {@code Accept: text/csv} or {@code format=csv} (a link in a page cannot set a
     * header); the runs page for a browser, which asks for {@code text/html} by name.
     */
    @Get(produces = {MediaType.APPLICATION_JSON, RunsCsv.CONTENT_TYPE, MediaType.TEXT_HTML})
    public HttpResponse<?> list(HttpRequest<?> request, @Nullable @QueryValue String days,
                                @Nullable @QueryValue String format) {
        int window = QueryParameters.integer(days, "days", 30, 1, MAX_DAYS);
        Instant now = clock.instant();
        Instant since = now.minus(Duration.ofDays(window));
        List<RunRecord> runs = history.runsStartedSince(since);
        boolean csv = "csv".equals(format);
        if (format != null && !csv && !"json".equals(format)) {
            throw new ApiException(400, "invalid-format", "format must be csv or json, got '" + format + "'");
        }
        if (format == null && wantsHtml(request)) {
            return HttpResponse.ok(new ModelAndView<>(RUNS_VIEW, DashboardPage.runList(runs, window, timeZone, now)))
                    .contentType(MediaType.TEXT_HTML_TYPE)
                    .header(HttpHeaders.CACHE_CONTROL, "no-store");
        }
        if (csv || format == null && wantsCsv(request)) {
            return HttpResponse.ok(RunsCsv.write(runs))
                    .contentType(RunsCsv.CONTENT_TYPE)
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"runs-last-" + window + "-days.csv\"");
        }
        return HttpResponse.ok(new RunList(window, since, runs.size(), runs)).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    @Get("/{runId}")
    public RunDetail show(@PathVariable String runId,
                          @Nullable @QueryValue String status, @Nullable @QueryValue String sort,
                          @Nullable @QueryValue String limit) {
        RunRecord run = find(runId);
        ItemStatus filter = status(status);
        ItemOrder order = order(sort);
        int max = QueryParameters.integer(limit, "limit", 500, 1, MAX_ITEMS);
        return new RunDetail(run, filter == null ? null : filter.wireName(), sortName(order), max,
                history.items(runId, filter, order, max));
    }

    @Get(value = "/{runId}/report", produces = MediaType.TEXT_HTML)
    public HttpResponse<byte[]> report(@PathVariable String runId) {
        RunRecord run = find(runId);
        try {
            byte[] html = store.read(run.reports().reportHtml(), MAX_REPORT_BYTES).bytes();
            return HttpResponse.ok(html).contentType(MediaType.TEXT_HTML_TYPE.toString() + ";charset=utf-8")
                    .header(HttpHeaders.CACHE_CONTROL, "private, max-age=300");
        } catch (ObjectStoreException e) {
            if (!(e instanceof ObjectNotFoundException)) {
                throw new ApiException(503, "store-unavailable", "the bucket could not be read; try again", 5);
            }
            throw new ApiException(404, "report-not-found", "the report of run " + runId + " is not in the bucket at "
                    + run.reports().reportHtml() + " (reports are deleted after their retention period)");
        }
    }

    private RunRecord find(String runId) {
        if (!RunIds.isValid(runId)) {
            throw new ApiException(400, "invalid-run-id", "a run id looks like 20261122_020000_ab12cd");
        }
        return history.findRun(runId).orElseThrow(() -> new ApiException(404, "run-not-found", "no run " + runId
                + " is recorded"));
    }

    /** A browser names text/html; API clients send application/json or {@code *}/{@code *}. */
    private static boolean wantsHtml(HttpRequest<?> request) {
        return request.accept().stream().anyMatch(type -> type.getName().equals(MediaType.TEXT_HTML));
    }

    private static boolean wantsCsv(HttpRequest<?> request) {
        return request.accept().stream().anyMatch(type -> type.getName().equals(MediaType.TEXT_CSV));
    }

    @Nullable
    private static ItemStatus status(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return ItemStatus.fromWire(value);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "invalid-status", "status must be one of " + Arrays.stream(ItemStatus.values())
                    .map(ItemStatus::wireName).collect(Collectors.joining(", ")) + ", got '" + value + "'");
        }
    }

    private static ItemOrder order(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return ItemOrder.ROW;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "row" -> ItemOrder.ROW;
            case "confidence" -> ItemOrder.CONFIDENCE_ASCENDING;
            case "-confidence" -> ItemOrder.CONFIDENCE_DESCENDING;
            default -> throw new ApiException(400, "invalid-sort",
                    "sort must be row, confidence (lowest first) or -confidence (highest first), got '" + value + "'");
        };
    }

    private static String sortName(ItemOrder order) {
        return switch (order) {
            case ROW -> "row";
            case CONFIDENCE_ASCENDING -> "confidence";
            case CONFIDENCE_DESCENDING -> "-confidence";
        };
    }
}
