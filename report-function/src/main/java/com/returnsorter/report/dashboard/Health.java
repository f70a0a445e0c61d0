package com.returnsorter.report.dashboard;

import com.returnsorter.events.RunStatus;
import com.returnsorter.pages.Format;
import com.returnsorter.report.alerts.AlertRecord;
import com.returnsorter.report.alerts.Severity;
import com.returnsorter.report.history.RunRecord;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The overall state in the dashboard's header, from the last run and the open alerts.
 *
 * @param level    how things stand
 * @param headline one sentence for the header
 * @param reasons  why, one short sentence each
 */
record Health(Level level, String headline, List<String> reasons) {

    /** Also the CSS class of the header. */
    enum Level {
        HEALTHY("Healthy"),
        ATTENTION("Needs attention"),
        FAILING("Failing"),
        WAITING("No runs yet");

        private final String word;

        Level(String word) {
            this.word = word;
        }

        String word() {
            return word;
        }

        String cssClass() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** As the default {@code missed-run} rule: a nightly job that has not finished for this long is overdue. */

    /** Open alerts that ask for someone: every severity but the INFO run summaries. */
    static List<AlertRecord> open(List<AlertRecord> alerts) {
        return alerts.stream().filter(a -> !a.resolved() && a.severity().atLeast(Severity.WARNING)).toList();
    }

    static Health of(@Nullable RunRecord last, List<AlertRecord> openAlerts, Instant now, Duration overdueAfter) {
        boolean failed = last != null && last.status() == RunStatus.FAILED;
        boolean partial = last != null && last.status() == RunStatus.PARTIAL;
        boolean overdue = last != null && Duration.between(last.finishedAt(), now).compareTo(overdueAfter) > 0;
        boolean critical = openAlerts.stream().anyMatch(a -> a.severity() == Severity.CRITICAL);

        List<String> reasons = new ArrayList<>();
        if (failed) {
            String error = last.errorMessage();
            reasons.add("The last run failed" + (error == null || error.isBlank() ? "." : ": " + Format.truncate(error, 200)));
        } else if (last != null) {
            reasons.add("The last run " + (partial ? "could not sort " + Format.count(last.failed()) : "sorted "
                    + Format.count(last.successful())) + " of " + Format.count(last.totalImages()) + " photos.");
        }
        if (overdue) {
            reasons.add("No run has finished in the last " + overdueAfter.toHours() + " hours.");
        }
        if (!openAlerts.isEmpty()) {
            reasons.add(openAlerts.size() == 1 ? "1 alert is open." : openAlerts.size() + " alerts are open.");
        } else if (last != null) {
            reasons.add("No open alerts.");
        } else {
            reasons.add("The nightly job has not reported a run to this service yet.");
        }

        Level level = failed || critical ? Level.FAILING
                : partial || overdue || !openAlerts.isEmpty() ? Level.ATTENTION
                : last == null ? Level.WAITING : Level.HEALTHY;
        String headline = failed ? "The last run failed"
                : critical ? "A critical alert is open"
                : overdue ? "No run has finished for " + overdueAfter.toHours() + " hours"
                : partial ? "The last run finished with problems"
                : !openAlerts.isEmpty() ? (openAlerts.size() == 1 ? "An alert is open" : "Alerts are open")
                : last == null ? "Waiting for the first run"
                : "The nightly sort is running smoothly";
        return new Health(level, headline, List.copyOf(reasons));
    }
}
