package com.returnsorter.report.ingest;

import com.returnsorter.events.RunSummary;
import com.returnsorter.report.alerts.AlertDispatcher;
import com.returnsorter.report.alerts.AlertRules;
import com.returnsorter.report.history.HistoryStore;
import com.returnsorter.report.history.ItemRecord;
import com.returnsorter.report.history.RunRecord;
import com.returnsorter.reports.ItemResult;
import com.returnsorter.reports.ResultsCsv;
import com.returnsorter.storage.ObjectNotFoundException;
import com.returnsorter.storage.ObjectStore;
import com.returnsorter.storage.ObjectStoreException;
import com.returnsorter.storage.ObjectTooLargeException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

/**
 * Turns a {@code batch-completed} event into history and alerts: the run's items from its
 * {@code results.csv}, then the run record, then the alert rules and notifications. Every step is
 * idempotent, so a redelivered event records nothing twice and sends nothing twice; a step that fails
 * transiently throws, the push is nacked and the redelivery completes the work.
 */
@Singleton
public class RunIngestor {

    private static final Logger LOG = LoggerFactory.getLogger(RunIngestor.class);
    /** results.csv of 10,000 photos is about 2.2 MB; this leaves room for far larger nights. */
    private static final long MAX_RESULTS_BYTES = 256L * 1024 * 1024;

    private final HistoryStore history;
    private final ObjectStore store;
    private final AlertRules rules;
    private final AlertDispatcher dispatcher;
    private final Clock clock;

    public RunIngestor(HistoryStore history, ObjectStore store, AlertRules rules, AlertDispatcher dispatcher,
                       Clock clock) {
        this.history = history;
        this.store = store;
        this.rules = rules;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    /**
     * Records the run unless it is recorded already, then raises and sends its alerts.
     *
     * @throws NotificationsPendingException when a channel has not been delivered yet (the event must come again)
     */
    public AlertDispatcher.DispatchResult ingest(RunSummary summary) {
        RunRecord run = history.findRun(summary.runId()).orElseGet(() -> record(summary));
        AlertDispatcher.DispatchResult result = dispatcher.raise(rules.evaluate(run, clock.instant()), run);
        if (!result.settled()) {
            throw new NotificationsPendingException(summary.runId(), result.pending());
        }
        return result;
    }

    private RunRecord record(RunSummary summary) {
        String csv = summary.reports() == null ? RunSummary.ReportPaths.forRun(summary.runId()).resultsCsv()
                : summary.reports().resultsCsv();
        ItemsFromCsv items = ItemsFromCsv.open(store, csv);
        history.saveItems(summary.runId(), items);
        if (items.note != null) {
            LOG.warn("Run {}: {}; recording the run with {} items", summary.runId(), items.note, items.rows);
        }
        RunRecord run = RunRecord.of(summary, (int) items.rows, items.note, clock.instant());
        if (history.createRun(run)) {
            LOG.info("Recorded run {} ({}, {} photos, {} items)", run.runId(), run.status().wireName(),
                    run.totalImages(), run.itemCount());
            return run;
        }
        // Another delivery of the same event recorded it a moment ago: use its record.
        return history.findRun(summary.runId()).orElse(run);
    }

    /**
     * The rows of {@code results.csv} as items, read lazily. A missing, oversized or malformed file
     * is not an error of the event: the rows read so far are kept and {@link #note} says what is
     * missing. A store that fails transiently throws, so the event is redelivered.
     */
    private static final class ItemsFromCsv implements Iterator<ItemRecord> {

        private final Iterator<ItemResult> rowsOfFile;
        private final String key;
        private long rows;
        private String note;

        private ItemsFromCsv(Iterator<ItemResult> rowsOfFile, String key, String note) {
            this.rowsOfFile = rowsOfFile;
            this.key = key;
            this.note = note;
        }

        static ItemsFromCsv open(ObjectStore store, String key) {
            try {
                byte[] bytes = store.read(key, MAX_RESULTS_BYTES).bytes();
                Stream<ItemResult> rows = ResultsCsv.read(new ByteArrayInputStream(bytes));
                return new ItemsFromCsv(rows.iterator(), key, null);
            } catch (ObjectNotFoundException e) {
                return new ItemsFromCsv(null, key, key + " not found");
            } catch (ObjectTooLargeException e) {
                return new ItemsFromCsv(null, key, key + " is larger than " + MAX_RESULTS_BYTES + " bytes");
            } catch (ResultsCsv.MalformedCsvException e) {
                return new ItemsFromCsv(null, key, key + " is not a results file: " + e.getMessage());
            } catch (ObjectStoreException e) {
                if (e.isTransient()) {
                    throw e;
                }
                return new ItemsFromCsv(null, key, key + " cannot be read: " + e.getMessage());
            }
        }

        @Override
        public boolean hasNext() {
            if (rowsOfFile == null || note != null) {
                return false;
            }
            try {
                return rowsOfFile.hasNext();
            } catch (ResultsCsv.MalformedCsvException e) {
                note = key + " is malformed after row " + rows + ": " + e.getMessage();
                return false;
            }
        }

        @Override
        public ItemRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return ItemRecord.of(++rows, rowsOfFile.next());
        }
    }
}
