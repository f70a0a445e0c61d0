package com.returnsorter.report.ingest;

import com.returnsorter.report.ReportConfiguration;
import com.returnsorter.report.alerts.AlertDispatcher;
import com.returnsorter.report.alerts.AlertRecord;
import com.returnsorter.report.alerts.AlertRules;
import com.returnsorter.report.history.HistoryStore;
import com.returnsorter.report.history.RunRecord;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The hourly check for a missed run: raises {@code missed-run} (once per day, by its id) when no
 * real run finished within {@code alerts.missed-run-after}. A new installation counts the window
 * from the watchdog's first check, not from the beginning of time.
 */
@Singleton
public class MissedRunWatchdog {

    private final HistoryStore history;
    private final AlertRules rules;
    private final AlertDispatcher dispatcher;
    private final ReportConfiguration report;
    private final Clock clock;

    public MissedRunWatchdog(HistoryStore history, AlertRules rules, AlertDispatcher dispatcher,
                             ReportConfiguration report, Clock clock) {
        this.history = history;
        this.rules = rules;
        this.dispatcher = dispatcher;
        this.report = report;
        this.clock = clock;
    }

    /**
     * @return the missed-run alert raised or found again, or empty when a run finished in time
     * @throws NotificationsPendingException when its email is not delivered yet
     */
    public List<AlertRecord> check() {
        Instant now = clock.instant();
        Instant watchingSince = history.watchingSince(now);
        Instant lastFinished = history.lastFinishedRun().map(RunRecord::finishedAt).orElse(null);
        List<AlertRecord> missed = rules.missedRun(now, report.timeZone(), lastFinished, watchingSince);
        if (missed.isEmpty()) {
            return missed;
        }
        AlertDispatcher.DispatchResult result = dispatcher.raise(missed, null);
        if (!result.settled()) {
            throw new NotificationsPendingException("missed-run", result.pending());
        }
        return result.alerts();
    }
}
