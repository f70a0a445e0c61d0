package com.returnsorter.report.ingest;

import com.returnsorter.events.RunStatus;
import com.returnsorter.events.RunSummary;
import com.returnsorter.report.alerts.AlertConfiguration;
import com.returnsorter.report.alerts.AlertDispatcher;
import com.returnsorter.report.alerts.AlertRules;
import com.returnsorter.report.history.HistoryStore;
import com.returnsorter.report.history.ItemRecord;
import com.returnsorter.report.history.RunRecord;
import com.returnsorter.reports.ItemResult;
import com.returnsorter.reports.ItemsJsonl;
import com.returnsorter.storage.ObjectNotFoundException;
import com.returnsorter.storage.ObjectStore;
import com.returnsorter.storage.ObjectStoreException;
import com.returnsorter.storage.ObjectTooLargeException;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * Turns a {@code batch-completed} event into history and alerts: the run's items from its
 * {@code items.jsonl} (streamed, one record a line; {@code results.csv} is for people and never read
 * here), then the run record, then the alert rules and notifications. Every step is
 * idempotent, so a redelivered event records nothing twice and sends nothing twice; a step that fails
 * transiently throws, the push is nacked and the redelivery completes the work.
 *
 * <p>The event is a notification, not the source of truth. What the service can derive it derives:
 * the report paths from the run id, the figures from the run's own {@code reports/<runId>/summary.json}
 * (written by the batch before it publishes). An event whose figures differ from that file, or from the
 * run as already recorded (first write wins), is refused with {@link RefusedEventException}.
 */
@Singleton
public class RunIngestor {

    private static final Logger LOG = LoggerFactory.getLogger(RunIngestor.class);
    /**
     * results.csv of 10,000 photos is about 2.2 MB; this leaves room for far larger nights. The file is
     * streamed, so the cap bounds the work of one push, not memory.
     */
    static final long MAX_RESULTS_BYTES = 64L * 1024 * 1024;
    /** summary.json holds the figures and at most {@value RunSummary#MAX_ERRORS} errors. */
    static final long MAX_SUMMARY_BYTES = 1024L * 1024;

    /** The shortest look-back for the baseline runs of {@code category-drift}. */
    static final long BASELINE_LOOKBACK_DAYS = 30;

    private final HistoryStore history;
    private final ObjectStore store;
    private final AlertRules rules;
    private final AlertDispatcher dispatcher;
    private final AlertConfiguration alerts;
    private final JsonMapper json;
    private final Clock clock;

    public RunIngestor(HistoryStore history, ObjectStore store, AlertRules rules, AlertDispatcher dispatcher,
                       AlertConfiguration alerts, JsonMapper json, Clock clock) {
        this.alerts = alerts;
        this.history = history;
        this.store = store;
        this.rules = rules;
        this.dispatcher = dispatcher;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Records the run unless it is recorded already, then raises and sends its alerts.
     *
     * @throws RefusedEventException         when the event contradicts the bucket or the recorded run
     * @throws NotificationsPendingException when a channel has not been delivered yet (the event must come again)
     */
    public AlertDispatcher.DispatchResult ingest(RunSummary event) {
        RunRecord run = history.findRun(event.runId())
                .map(recorded -> requireSameFigures(recorded, event, "the run as recorded"))
                .orElseGet(() -> record(event));
        AlertDispatcher.DispatchResult result = dispatcher.raise(rules.evaluate(run, earlierRuns(run), clock.instant()),
                run);
        if (!result.settled()) {
            throw new NotificationsPendingException(event.runId(), result.pending());
        }
        return result;
    }

    /**
     * The real runs started before {@code run}, newest first, for {@code category-drift}'s baseline: looked up over
     * twice the baseline's length in days (at least {@value #BASELINE_LOOKBACK_DAYS}), so a missed night or two
     * does not shorten it.
     */
    private List<RunRecord> earlierRuns(RunRecord run) {
        if (run.dryRun()) {
            return List.of();
        }
        long days = Math.max(BASELINE_LOOKBACK_DAYS, 2L * alerts.categoryDriftRuns());
        return history.runsStartedSince(run.startedAt().minus(Duration.ofDays(days))).stream()
                .filter(r -> !r.dryRun() && r.startedAt().isBefore(run.startedAt()))
                .toList();
    }

    private RunRecord record(RunSummary event) {
        String runId = event.runId();
        RunSummary.ReportPaths paths = RunSummary.ReportPaths.forRun(runId);
        RunSummary written = summaryInBucket(runId, paths.summaryJson());
        String problem = SummaryCheck.problem(written, clock.instant());
        if (problem != null) {
            throw new RefusedEventException(runId, paths.summaryJson() + " is impossible: " + problem);
        }
        requireSameFigures(RunRecord.of(written, 0, null, Instant.EPOCH), event, paths.summaryJson());

        long rows;
        String note;
        try (ItemsFromJsonl items = ItemsFromJsonl.open(store, json, paths.itemsJsonl(), written.totalProcessed())) {
            history.saveItems(runId, items);
            rows = items.rows;
            note = items.note;
        }
        if (note != null) {
            LOG.warn("Run {}: {}; recording the run with {} items", runId, note, rows);
        }
        RunRecord run = RunRecord.of(written, (int) rows, note, clock.instant());
        if (history.createRun(run)) {
            LOG.info("Recorded run {} ({}, {} photos, {} items)", run.runId(), run.status().wireName(),
                    run.totalImages(), run.itemCount());
            return run;
        }
        // Another delivery of the same event recorded it a moment ago: use its record.
        return history.findRun(runId).orElse(run);
    }

    /** The batch's own summary of the run; without it the event names a run the batch never reported. */
    private RunSummary summaryInBucket(String runId, String key) {
        try {
            return json.readValue(store.read(key, MAX_SUMMARY_BYTES).bytes(), RunSummary.class);
        } catch (ObjectNotFoundException e) {
            throw new RefusedEventException(runId, key + " does not exist; the batch writes it before it publishes");
        } catch (ObjectTooLargeException e) {
            throw new RefusedEventException(runId, key + " is larger than " + MAX_SUMMARY_BYTES + " bytes");
        } catch (IOException | RuntimeException e) {
            if (e instanceof ObjectStoreException store && store.isTransient()) {
                throw store;
            }
            throw new RefusedEventException(runId, key + " is not a run summary: " + e.getMessage());
        }
    }

    /** Refuses an event whose figures are not those of {@code truth} (from the bucket or the history). */
    private static RunRecord requireSameFigures(RunRecord truth, RunSummary event, String source) {
        Figures expected = Figures.of(truth);
        Figures claimed = Figures.of(RunRecord.of(event, 0, null, Instant.EPOCH));
        if (!expected.equals(claimed)) {
            throw new RefusedEventException(event.runId(), "its figures " + claimed + " differ from " + source + " "
                    + expected + "; nothing changed");
        }
        return truth;
    }

    /** What a run says happened, as stored (times to the millisecond, as every store keeps them). */
    private record Figures(RunStatus status, boolean dryRun, Instant startedAt, Instant finishedAt, int total,
                           int successful, int failed, int sorted, int lowConfidence, int rejected, int leftInIncoming,
                           double successRate, Map<String, Integer> categories, RunRecord.Confidence confidence) {

        static Figures of(RunRecord run) {
            return new Figures(run.status(), run.dryRun(), run.startedAt().truncatedTo(ChronoUnit.MILLIS),
                    run.finishedAt().truncatedTo(ChronoUnit.MILLIS), run.totalImages(), run.successful(), run.failed(),
                    run.sorted(), run.lowConfidence(), run.rejected(), run.leftInIncoming(), run.successRate(),
                    new TreeMap<>(run.categories()), run.confidence());
        }
    }

    /**
     * The records of {@code items.jsonl} as items, streamed from the store one line at a time and never
     * more than the run's {@code total_processed}. A missing, oversized or malformed file is not an
     * error of the event: the records read so far are kept and {@link #note} says what is missing. A
     * store that fails transiently throws, so the event is redelivered.
     */
    private static final class ItemsFromJsonl implements Iterator<ItemRecord>, AutoCloseable {

        private final InputStream stream;
        private final Iterator<ItemResult> records;
        private final String key;
        private final long maxRows;
        private long rows;
        private String note;

        private ItemsFromJsonl(InputStream stream, Iterator<ItemResult> records, String key, long maxRows,
                               String note) {
            this.stream = stream;
            this.records = records;
            this.key = key;
            this.maxRows = maxRows;
            this.note = note;
        }

        static ItemsFromJsonl open(ObjectStore store, JsonMapper json, String key, long maxRows) {
            try {
                InputStream stream = store.openStream(key, MAX_RESULTS_BYTES);
                return new ItemsFromJsonl(stream, ItemsJsonl.reader(stream, json), key, maxRows, null);
            } catch (ObjectNotFoundException e) {
                return new ItemsFromJsonl(null, null, key, maxRows, key + " not found");
            } catch (ObjectTooLargeException e) {
                return new ItemsFromJsonl(null, null, key, maxRows, tooLarge(key));
            } catch (ObjectStoreException e) {
                if (e.isTransient()) {
                    throw e;
                }
                return new ItemsFromJsonl(null, null, key, maxRows, key + " cannot be read: " + e.getMessage());
            }
        }

        private static String tooLarge(String key) {
            return key + " is larger than " + MAX_RESULTS_BYTES + " bytes";
        }

        @Override
        public boolean hasNext() {
            if (records == null || note != null) {
                return false;
            }
            try {
                boolean more = records.hasNext();
                if (more && rows >= maxRows) {
                    note = key + " has more rows than the run's " + maxRows + " photos; the rest are left out";
                    return false;
                }
                return more;
            } catch (ItemsJsonl.MalformedItemsException e) {
                note = key + " is malformed after record " + rows + ": " + e.getMessage();
                return false;
            } catch (ObjectTooLargeException e) {
                note = tooLarge(key) + "; the records after " + rows + " are left out";
                return false;
            }
        }

        @Override
        public ItemRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return ItemRecord.of(++rows, records.next());
        }

        @Override
        public void close() {
            if (stream != null) {
                try {
                    stream.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
