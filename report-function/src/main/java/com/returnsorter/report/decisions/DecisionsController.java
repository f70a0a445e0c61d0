package com.returnsorter.report.decisions;

import com.returnsorter.report.ReportConfiguration;
import com.returnsorter.report.workspace.Csv;
import com.returnsorter.report.workspace.Dates;
import com.returnsorter.report.workspace.Workspace;
import com.returnsorter.service.access.Roles;
import com.returnsorter.service.api.ApiException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /review/decisions} (JSON answers the record; a form from the review page is redirected
 * back to it with a message, so it works without JavaScript) and {@code GET /decisions} (the labelled
 * data for the next model, JSON or CSV).
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class DecisionsController {

    static final int EXPORT_LIMIT = 100_000;
    static final Duration DEFAULT_EXPORT = Duration.ofDays(30);
    static final List<String> CSV_HEADER = List.of("object", "modelCategory", "modelConfidence", "finalCategory",
            "decision", "decidedBy", "decidedAt", "destination", "runId", "note");

    private final DecisionService service;
    private final DecisionStore decisions;
    private final ReportConfiguration report;

    public DecisionsController(DecisionService service, DecisionStore decisions, ReportConfiguration report) {
        this.service = service;
        this.decisions = decisions;
        this.report = report;
    }

    @Secured(Roles.PEOPLE)
    @Post(value = "/review/decisions", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public DecisionRecord decideJson(@Body DecisionRequest request, Authentication person) {
        return service.decide(request, person.getName());
    }

    /** The review page's forms: 303 back to the queue with what happened, also when it did not. */
    @Secured(Roles.PEOPLE)
    @Post(value = "/review/decisions", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> decideForm(@Body Map<String, String> form, Authentication person,
                                      @Nullable @QueryValue String tab, HttpRequest<?> request) {
        Workspace.requireSameSite(request);
        String message;
        String kind;
        try {
            DecisionRecord done = service.decide(fromForm(form), person.getName());
            message = done.decision().outcome().substring(0, 1).toUpperCase() + done.decision().outcome().substring(1)
                    + ": " + done.object() + " is now " + done.destination();
            kind = "ok";
        } catch (ApiException e) {
            message = e.getMessage();
            kind = "error";
        }
        String back = "/review?" + (tab == null ? "" : "tab=" + encode(tab) + "&") + kind + "=" + encode(message);
        return HttpResponse.status(HttpStatus.SEE_OTHER).headers(h -> h.location(URI.create(back)));
    }

    @Secured({Roles.PEOPLE, Roles.API})
    @Get(value = "/decisions", produces = {MediaType.APPLICATION_JSON, "text/csv"})
    public HttpResponse<?> export(@Nullable @QueryValue String from, @Nullable @QueryValue String to,
                                  @Nullable @QueryValue String format, HttpRequest<?> request) {
        Instant now = service.now();
        Instant endOfToday = now.atZone(report.timeZone()).toLocalDate().plusDays(1).atStartOfDay(report.timeZone()).toInstant();
        Instant end = Dates.bound(to, "to", report.timeZone(), true, endOfToday);
        Instant start = Dates.bound(from, "from", report.timeZone(), false, end.minus(DEFAULT_EXPORT));
        if (!start.isBefore(end)) {
            throw new ApiException(400, "invalid-range", "from must be before to");
        }
        String kind = format == null || format.isBlank() ? "json" : format.strip();
        List<DecisionRecord> found = Workspace.guarded(() -> decisions.between(start, end, EXPORT_LIMIT));
        return switch (kind) {
            case "json" -> HttpResponse.ok(new Export(start, end, found.size(), found))
                    .contentType(MediaType.APPLICATION_JSON_TYPE);
            case "csv" -> HttpResponse.ok(csv(found))
                    .contentType("text/csv;charset=utf-8")
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"decisions.csv\"");
            default -> throw new ApiException(400, "invalid-format", "format must be csv or json, got '" + format + "'");
        };
    }

    static String csv(List<DecisionRecord> found) {
        return Csv.write(CSV_HEADER, found.stream().<List<?>>map(d -> java.util.Arrays.asList(d.object(),
                d.modelCategory(), d.modelConfidence(), d.finalCategory(), d.decision().wireName(), d.decidedBy(),
                d.decidedAt().toString(), d.destination(), d.runId(), d.note())).toList());
    }

    private static DecisionRequest fromForm(Map<String, String> form) {
        String generation = form.get("generation");
        Long parsed = null;
        if (generation != null && !generation.isBlank()) {
            try {
                parsed = Long.parseLong(generation.strip());
            } catch (NumberFormatException e) {
                throw new ApiException(400, "invalid-generation", "generation must be a whole number");
            }
        }
        return new DecisionRequest(form.get("object"), form.get("decision"), form.get("category"), form.get("note"), parsed);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** {@code GET /decisions} as JSON. */
    @Serdeable
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
    public record Export(Instant from, Instant to, int count, List<DecisionRecord> decisions) {
    }
}
