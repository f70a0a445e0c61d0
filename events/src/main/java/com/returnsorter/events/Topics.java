package com.returnsorter.events;

/** Pub/Sub topic and push-subscription names shared by the services and terraform. */
public final class Topics {

    /** Cloud Scheduler (nightly), {@code POST /runs} and continuations publish {@link BatchTrigger}s here. */
    public static final String BATCH_TRIGGER = "batch-trigger";
    /**
     * A run too big for one push request publishes one {@link BatchShard} per slice of {@code incoming/}
     * here; its push subscription spreads them over the batch instances Cloud Run starts.
     */
    public static final String BATCH_SHARD = "batch-shard";
    /** The batch function publishes one {@link RunSummary} per finished run here. */
    public static final String BATCH_COMPLETED = "batch-completed";
    /** Cloud Scheduler publishes here hourly; the report function checks for a missed run. */
    public static final String WATCHDOG = "watchdog";

    /** Message attribute carrying the run id, so subscriptions can filter and logs can correlate. */
    public static final String ATTRIBUTE_RUN_ID = "runId";
    /** Message attribute carrying the schema version of the payload. */
    public static final String ATTRIBUTE_SCHEMA = "schemaVersion";

    private Topics() {
    }
}
