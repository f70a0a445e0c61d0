package com.returnsorter.report.review;

import com.returnsorter.pages.Flash;
import com.returnsorter.pages.Layout;
import com.returnsorter.pages.Nav;
import com.returnsorter.pages.workspace.ReviewPage;
import com.returnsorter.report.ReportConfiguration;
import com.returnsorter.report.workspace.PageText;
import com.returnsorter.report.workspace.Workspace;
import com.returnsorter.report.workspace.WorkspaceConfiguration;
import com.returnsorter.service.access.Roles;
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
import io.micronaut.views.View;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** {@code GET /review}: the review queue page ({@code ?tab=rejected} for the rejected photos). */
@Secured(Roles.PEOPLE)
@Controller("/review")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ReviewController {

    /** The page runs review.js for its keys. */
    static final String POLICY = Layout.APP_POLICY.replace("default-src 'none'", "default-src 'none'; script-src 'self'");

    private final ReviewQueue queue;
    private final WorkspaceConfiguration configuration;
    private final ReportConfiguration report;

    public ReviewController(ReviewQueue queue, WorkspaceConfiguration configuration, ReportConfiguration report) {
        this.queue = queue;
        this.configuration = configuration;
        this.report = report;
    }

    @View("workspace/review")
    @Get(produces = MediaType.TEXT_HTML)
    public HttpResponse<ReviewPage> show(@Nullable @QueryValue String tab, @Nullable @QueryValue String ok,
                                         @Nullable @QueryValue String error) {
        ReviewQueue.Page page = queue.page(ReviewQueue.Tab.of(tab));
        Flash flash = error != null ? Flash.error(error) : ok != null ? Flash.success(ok) : null;
        String title = page.tab() == ReviewQueue.Tab.REVIEW ? "Review" : "Rejected photos";
        Layout layout = Layout.page(title, Nav.REVIEW).withFlash(flash).withContentSecurityPolicy(POLICY);
        List<ReviewPage.Photo> photos = new ArrayList<>();
        int number = 1;
        for (ReviewEntry entry : page.entries()) {
            photos.add(photo(number++, entry));
        }
        String note = null;
        if (page.total() > photos.size() || page.truncated()) {
            note = "Showing " + photos.size() + " of " + (page.truncated() ? "more than " : "") + page.total()
                    + " photos, oldest run first; decide on these to see the next.";
        }
        return HttpResponse.ok(new ReviewPage(layout, page.tab().wireName(),
                        "/review/decisions" + (page.tab() == ReviewQueue.Tab.REJECTED ? "?tab=rejected" : ""), photos,
                        choices(configuration.categories()), page.total(), note))
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    /** Keys 1–9 then 0 for the first ten categories; any further ones have no key. */
    static List<ReviewPage.Choice> choices(List<String> categories) {
        List<ReviewPage.Choice> choices = new ArrayList<>();
        for (int i = 0; i < categories.size(); i++) {
            String key = i < 9 ? String.valueOf(i + 1) : i == 9 ? "0" : "";
            choices.add(new ReviewPage.Choice(key, categories.get(i)));
        }
        return choices;
    }

    private ReviewPage.Photo photo(int number, ReviewEntry e) {
        // Labels the model gave less than half a percent say nothing to a person.
        String runnersUp = e.runnersUp().stream().filter(r -> r.confidence() >= 0.005)
                .map(r -> r.category() + " " + PageText.percent(r.confidence()))
                .collect(Collectors.joining(" · "));
        runnersUp = runnersUp.isEmpty() ? null : runnersUp;
        return new ReviewPage.Photo(number, e.object(), Long.toUnsignedString(e.generation()), e.name(),
                Workspace.photoPath(e.object()), e.reason() != null && e.confidence() == null ? null : e.category(),
                PageText.percent(e.confidence()), PageText.level(e.confidence()), runnersUp, e.runId(),
                PageText.time(e.at(), report.timeZone()), e.at().toString(), e.reason());
    }
}
