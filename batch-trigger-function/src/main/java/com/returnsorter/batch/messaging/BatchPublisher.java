package com.returnsorter.batch.messaging;

import com.returnsorter.events.BatchShard;
import com.returnsorter.events.BatchTrigger;
import com.returnsorter.events.RunSummary;

/**
 * Where the batch's messages go: Pub/Sub topics in production ({@link PubSubBatchPublisher}), an
 * HTTP POST of the same push envelope in local mode ({@link LocalBatchPublisher}).
 */
public interface BatchPublisher {

    /** A trigger for {@code batch-trigger}: a run started through the API, or the continuation of a run. */
    void publishTrigger(BatchTrigger trigger);

    /** One shard of a run, for {@code batch-shard}: any batch instance may take it. */
    void publishShard(BatchShard shard);

    /** The summary of a finished run, for {@code batch-completed}. */
    void publishCompleted(RunSummary summary);
}
