package com.returnsorter.report.ingest;

import com.returnsorter.report.alerts.AlertDispatcher;
import com.returnsorter.report.alerts.AlertRecord;
import com.returnsorter.report.alerts.AlertRules;
import com.returnsorter.report.quality.LiveAccuracy;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The hourly look at this ISO week's live accuracy (decisions arrive during the day, not with a run):
 * raises {@code live-accuracy-drop} once per week, by its id {@code <2026-W42>-live-accuracy-drop}.
 */
@Singleton
public class LiveAccuracyWatchdog {

    private final LiveAccuracy accuracy;
    private final AlertRules rules;
    private final AlertDispatcher dispatcher;
    private final Clock clock;

    public LiveAccuracyWatchdog(LiveAccuracy accuracy, AlertRules rules, AlertDispatcher dispatcher, Clock clock) {
        this.accuracy = accuracy;
        this.rules = rules;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    /**
     * @return the alert raised or found again; empty when the week is above the floor or has too few decisions
     * @throws NotificationsPendingException when a channel is not delivered yet
     */
    public List<AlertRecord> check() {
        Instant now = clock.instant();
        List<AlertRecord> drop = rules.liveAccuracyDrop(now, accuracy.weekOf(now));
        if (drop.isEmpty()) {
            return drop;
        }
        AlertDispatcher.DispatchResult result = dispatcher.raise(drop, null);
        if (!result.settled()) {
            throw new NotificationsPendingException("live-accuracy-drop", result.pending());
        }
        return result.alerts();
    }
}
