package com.returnsorter.pages.runs;

import com.returnsorter.pages.Layout;
import com.returnsorter.pages.dashboard.Dashboard;
import io.micronaut.core.annotation.Introspected;

import java.util.List;

/**
 * The model of {@code runs.jte}: {@code GET /runs} in a browser — every run of the last {@code days} days,
 * newest first, with links to each run's report, its JSON and the same list as CSV.
 *
 * @param layout  title, navigation (Runs current)
 * @param days    the window
 * @param summary e.g. "23 runs in the last 30 days, newest first. Times in CET."
 * @param rows    the runs; the same rows as the dashboard's recent-runs table
 * @param csvHref the same list as CSV
 */
@Introspected
public record RunList(Layout layout, int days, String summary, List<Dashboard.RunRow> rows, String csvHref) {
}
