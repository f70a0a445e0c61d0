package com.returnsorter.report.api;

import com.returnsorter.pages.dashboard.Dashboard;
import com.returnsorter.report.ReportConfiguration;
import com.returnsorter.report.alerts.AlertConfiguration;
import com.returnsorter.report.dashboard.DashboardPage;
import com.returnsorter.report.dashboard.DashboardView;
import com.returnsorter.report.history.HistoryStore;
import com.returnsorter.report.history.HistoryUnavailableException;
import com.returnsorter.report.quality.LiveAccuracy;
import com.returnsorter.report.quality.QualityReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.returnsorter.report.stats.Schedule;
import com.returnsorter.service.access.Roles;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.views.View;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code GET /dashboard}: the last 30 days on one self-refreshing page, for people signed in through
 * Identity-Aware Proxy (the local user in the {@code local} environment; docs/access-control.md).
 * Rendered by Micronaut Views from the {@code dashboard} template of module pages (docs/pages.md).
 */
@Secured(Roles.PEOPLE)
@Controller("/dashboard")
@ExecuteOn(TaskExecutors.BLOCKING)
public class DashboardController {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardController.class);
    static final int DAYS = 30;
    static final int RECENT_ALERTS = 20;

    private final HistoryStore history;
    private final Schedule schedule;
    private final ReportConfiguration configuration;
    private final AlertConfiguration alerts;
    private final Clock clock;
    private final LiveAccuracy liveAccuracy;

    public DashboardController(HistoryStore history, Schedule schedule, ReportConfiguration configuration,
                               AlertConfiguration alerts, Clock clock, LiveAccuracy liveAccuracy) {
        this.liveAccuracy = liveAccuracy;
        this.history = history;
        this.schedule = schedule;
        this.configuration = configuration;
        this.alerts = alerts;
        this.clock = clock;
    }

    @View(DashboardPage.VIEW)
    @Get(produces = MediaType.TEXT_HTML)
    public HttpResponse<Dashboard> show() {
        Instant now = clock.instant();
        DashboardView view = new DashboardView(now, configuration.timeZone(), DAYS,
                history.runsStartedSince(now.minus(Duration.ofDays(DAYS))),
                history.alerts(HistoryStore.AlertQuery.recent(RECENT_ALERTS)), schedule.nextAfter(now),
                configuration.dashboardRefresh(), alerts.missedRunAfter(), quality(now));
        return HttpResponse.ok(DashboardPage.model(view)).header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    /** The live accuracy of the same days; the page still shows the runs when the decisions do not answer. */
    private QualityReport quality(Instant now) {
        try {
            return liveAccuracy.between(now.minus(Duration.ofDays(DAYS)), now, DAYS);
        } catch (HistoryUnavailableException e) {
            LOG.warn("Live accuracy left out of the dashboard: {}", e.getMessage());
            return null;
        }
    }
}
