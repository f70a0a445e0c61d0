package com.returnsorter.report.ingest;

import com.returnsorter.events.RunIds;
import com.returnsorter.events.RunSummary;
import io.micronaut.core.annotation.Nullable;

/** What makes a {@code batch-completed} summary unusable; such an event is logged and acknowledged. */
final class SummaryCheck {

    private SummaryCheck() {
    }

    /** Why the summary cannot be recorded, or null when it can. */
    @Nullable
    static String problem(@Nullable RunSummary summary) {
        if (summary == null) {
            return "empty message";
        }
        if (summary.schemaVersion() != RunSummary.SCHEMA_VERSION) {
            return "schema version " + summary.schemaVersion() + " is not " + RunSummary.SCHEMA_VERSION;
        }
        if (!RunIds.isValid(summary.runId())) {
            return "run id '" + summary.runId() + "' is not a run id (yyyyMMdd_HHmmss_xxxxxx)";
        }
        if (summary.status() == null || summary.startedAt() == null || summary.finishedAt() == null) {
            return "status, started_at and finished_at are required";
        }
        if (summary.totalProcessed() < 0 || summary.successful() < 0 || summary.failed() < 0) {
            return "counts must not be negative";
        }
        return null;
    }
}
