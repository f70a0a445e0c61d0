package com.returnsorter.report.picklists;

import com.returnsorter.pages.Layout;
import com.returnsorter.pages.Nav;
import com.returnsorter.pages.workspace.PickListPage;
import com.returnsorter.report.ReportConfiguration;
import com.returnsorter.report.workspace.Dates;
import com.returnsorter.report.workspace.PageText;
import com.returnsorter.service.access.Roles;
import com.returnsorter.service.api.ApiException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.views.ModelAndView;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/**
 * {@code GET /picklists?date=YYYY-MM-DD&format=html|csv}: the day's pick lists as a printable page, or the
 * inventory export (return id, file, category, category code, confidence, classified, location). The day
 * defaults to today in the report's time zone.
 */
@Controller("/picklists")
@ExecuteOn(TaskExecutors.BLOCKING)
public class PickListsController {

    private final PickLists pickLists;
    private final ReportConfiguration report;
    private final Clock clock;

    public PickListsController(PickLists pickLists, ReportConfiguration report, Clock clock) {
        this.pickLists = pickLists;
        this.report = report;
        this.clock = clock;
    }

    @Secured({Roles.PEOPLE, Roles.API})
    @Get(produces = {MediaType.TEXT_HTML, "text/csv"})
    public HttpResponse<?> show(@Nullable @QueryValue String date, @Nullable @QueryValue String format) {
        LocalDate day = Dates.day(date, "date", clock.instant().atZone(report.timeZone()).toLocalDate());
        PickLists.Day lists = pickLists.of(day);
        String kind = format == null || format.isBlank() ? "html" : format.strip();
        return switch (kind) {
            case "csv" -> HttpResponse.ok(pickLists.csv(lists))
                    .contentType("text/csv;charset=utf-8")
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"picklist-" + day + ".csv\"");
            case "html" -> HttpResponse.ok(new ModelAndView<>("workspace/picklists", page(lists)))
                    .contentType(MediaType.TEXT_HTML_TYPE)
                    .header(HttpHeaders.CACHE_CONTROL, "no-store");
            default -> throw new ApiException(400, "invalid-format", "format must be html or csv, got '" + format + "'");
        };
    }

    private PickListPage page(PickLists.Day lists) {
        List<PickListPage.Group> groups = lists.groups().stream().map(g -> new PickListPage.Group(g.category(),
                g.categoryCode() == null ? null : String.valueOf(g.categoryCode()), g.location(),
                g.lines().size() + (g.lines().size() == 1 ? " item" : " items"),
                g.lines().stream().map(l -> new PickListPage.Line(l.returnId(), l.file(), l.object(),
                        PageText.percent(l.confidence()), l.classified(), "/returns/" + l.returnId())).toList())).toList();
        LocalDate day = lists.date();
        return new PickListPage(Layout.page("Pick lists " + day, Nav.PICK_LISTS), PageText.day(day), day.toString(),
                day.minusDays(1).toString(), day.plusDays(1).toString(), lists.zone().getId(), groups, lists.total(),
                "/picklists?date=" + day + "&format=csv");
    }
}
