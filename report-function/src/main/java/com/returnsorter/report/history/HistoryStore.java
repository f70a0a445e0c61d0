package com.returnsorter.report.history;

import com.returnsorter.events.ItemStatus;
import com.returnsorter.report.alerts.AlertRecord;
import com.returnsorter.report.alerts.Channel;
import com.returnsorter.report.alerts.ChannelDelivery;
import com.returnsorter.report.alerts.Severity;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Run history and alerts: Firestore on Cloud Run ({@link FirestoreHistoryStore}), an SQLite file
 * locally ({@link SqliteHistoryStore}). Both answer the same queries in the same order, checked by
 * one contract test. Every write is idempotent, so a redelivered event changes nothing.
 *
 * <p>Failures of the backing store surface as {@link HistoryUnavailableException}: the push
 * handler nacks and Pub/Sub redelivers.
 */
public interface HistoryStore {

    /**
     * Reads one small document, to prove the store answers (readiness).
     *
     * @return where the history is, for the health details
     * @throws HistoryUnavailableException when it does not answer
     */
    String checkReachable();


    /** Writes the items of a run, in bulk; an item written before is overwritten with the same values. */
    void saveItems(String runId, Iterator<ItemRecord> items);

    /**
     * Records a run unless it is recorded already. Call after {@link #saveItems}, so a recorded run
     * always has its items.
     *
     * @return true when this call recorded it, false when it was there before (a redelivery)
     */
    boolean createRun(RunRecord run);

    Optional<RunRecord> findRun(String runId);

    /** Runs started at or after {@code since}, newest first. */
    List<RunRecord> runsStartedSince(Instant since);

    /** The real (not dry) run that finished last. */
    Optional<RunRecord> lastFinishedRun();

    /**
     * Items of a run.
     *
     * @param status only items with this status; null for all
     * @param order  the order; confidence orders put items without a confidence first
     * @param limit  at most this many
     */
    List<ItemRecord> items(String runId, @Nullable ItemStatus status, ItemOrder order, int limit);

    /** Creates the alert unless one with its id exists; returns the stored alert either way. */
    AlertRecord createAlert(AlertRecord alert);

    Optional<AlertRecord> findAlert(String alertId);

    /**
     * Claims a channel of an alert for sending, atomically: succeeds when the channel is pending or
     * failed, or sending under a claim older than {@code lease} (a delivery that died). The claimed
     * channel is {@link ChannelDelivery.State#SENDING} with one more attempt.
     *
     * @return the alert as claimed, or empty when the channel is final or someone else is sending it
     */
    Optional<AlertRecord> claimChannel(String alertId, Channel channel, Instant now, Duration lease);

    /** Records the result of sending a claimed channel. */
    void recordChannel(String alertId, Channel channel, ChannelDelivery result);

    /** Alerts matching the query, newest first. */
    List<AlertRecord> alerts(AlertQuery query);

    /**
     * Marks an alert resolved by {@code by} at {@code at}; an alert resolved before keeps its first
     * resolution.
     *
     * @return the alert as stored, or empty when there is none with that id
     */
    Optional<AlertRecord> resolveAlert(String alertId, Instant at, String by);

    /**
     * When the missed-run watchdog first looked at this history: stored on the first call (as
     * {@code now}) and returned unchanged afterwards, so a new installation does not raise a missed
     * run before it has been watching for the whole window.
     */
    Instant watchingSince(Instant now);

    /** How items are ordered. */
    enum ItemOrder {
        /** As in {@code results.csv}. */
        ROW,
        CONFIDENCE_ASCENDING,
        CONFIDENCE_DESCENDING
    }

    /**
     * A filter over alerts; null fields match everything.
     *
     * @param limit at most this many, newest first
     */
    record AlertQuery(@Nullable Boolean resolved, @Nullable Severity severity, @Nullable String runId, int limit) {

        public static AlertQuery recent(int limit) {
            return new AlertQuery(null, null, null, limit);
        }

        public boolean matches(AlertRecord alert) {
            return (resolved == null || alert.resolved() == resolved)
                    && (severity == null || alert.severity() == severity)
                    && (runId == null || runId.equals(alert.runId()));
        }
    }
}
