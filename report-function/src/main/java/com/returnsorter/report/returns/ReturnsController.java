package com.returnsorter.report.returns;

import com.returnsorter.pages.Flash;
import com.returnsorter.pages.Layout;
import com.returnsorter.pages.Nav;
import com.returnsorter.pages.workspace.ReturnPage;
import com.returnsorter.report.ReportConfiguration;
import com.returnsorter.report.workspace.PageText;
import com.returnsorter.report.workspace.ReturnIds;
import com.returnsorter.service.access.Roles;
import com.returnsorter.service.api.ApiException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.views.ModelAndView;

import java.net.URI;
import java.util.Locale;

/**
 * {@code GET /returns/{returnId}}: HTML for a browser, JSON when the client asks for
 * {@code application/json}; {@code GET /returns?q=…} (the search box) redirects to it.
 */
@Secured({Roles.PEOPLE, Roles.API})
@Controller("/returns")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ReturnsController {

    private final ReturnLookup lookup;
    private final ReportConfiguration report;

    public ReturnsController(ReturnLookup lookup, ReportConfiguration report) {
        this.lookup = lookup;
        this.report = report;
    }

    @Get(produces = MediaType.TEXT_HTML)
    public HttpResponse<?> search(@Nullable @QueryValue String q) {
        if (q == null || q.isBlank()) {
            return page(null, Layout.page("Find a return", null), HttpStatus.OK);
        }
        return ReturnIds.parse(q)
                .<HttpResponse<?>>map(id -> HttpResponse.status(HttpStatus.SEE_OTHER)
                        .headers(h -> h.location(URI.create("/returns/" + id))))
                .orElseGet(() -> page(null, Layout.page("Find a return", null).withQuery(q).withFlash(Flash.warning(
                        "'" + q.strip() + "' is not a return id; type it as RET-20261013-001 or return_20261013_001.")),
                        HttpStatus.BAD_REQUEST));
    }

    @Get(value = "/{returnId}", produces = {MediaType.TEXT_HTML, MediaType.APPLICATION_JSON})
    public HttpResponse<?> show(@PathVariable String returnId, HttpRequest<?> request) {
        boolean json = request.accept().stream().anyMatch(type -> type.matches(MediaType.APPLICATION_JSON_TYPE))
                && request.accept().stream().noneMatch(type -> type.matches(MediaType.TEXT_HTML_TYPE));
        if (json) {
            return HttpResponse.ok(lookup.find(returnId)).contentType(MediaType.APPLICATION_JSON_TYPE);
        }
        Layout layout = Layout.page("Return " + returnId, null).withQuery(returnId);
        try {
            ReturnStatus found = lookup.find(returnId);
            return page(found, Layout.page("Return " + found.displayId(), null).withQuery(found.displayId()), HttpStatus.OK);
        } catch (ApiException e) {
            return page(null, layout.withFlash(Flash.warning(e.getMessage())), HttpStatus.valueOf(e.status()));
        }
    }

    private HttpResponse<?> page(@Nullable ReturnStatus found, Layout layout, HttpStatus status) {
        ReturnPage.Found shown = found == null ? null : new ReturnPage.Found(found.displayId(), found.returnId(),
                found.status(), found.status().replace(' ', '-').toLowerCase(Locale.ROOT), found.object(), found.present(),
                found.photo(), found.category(), PageText.percent(found.confidence()), found.location(), found.runId(),
                found.at() == null ? null : PageText.time(found.at(), report.timeZone()),
                found.at() == null ? null : found.at().toString(), found.decidedBy());
        return HttpResponse.status(status).body(new ModelAndView<>("workspace/return", new ReturnPage(layout, shown)))
                .contentType(MediaType.TEXT_HTML_TYPE).header(HttpHeaders.CACHE_CONTROL, "no-store");
    }
}
