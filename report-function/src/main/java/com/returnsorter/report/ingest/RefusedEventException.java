package com.returnsorter.report.ingest;

/**
 * A {@code batch-completed} event that must never be stored: it contradicts what the bucket or the
 * history already say about its run, or its figures are impossible. The push is acknowledged with an
 * ERROR in the log, since a redelivery of the same bytes cannot become true.
 */
public class RefusedEventException extends RuntimeException {

    public RefusedEventException(String runId, String reason) {
        super("run " + runId + ": " + reason);
    }
}
