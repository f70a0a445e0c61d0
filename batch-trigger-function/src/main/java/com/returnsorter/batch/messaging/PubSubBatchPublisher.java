package com.returnsorter.batch.messaging;

import com.returnsorter.events.BatchShard;
import com.returnsorter.events.BatchTrigger;
import com.returnsorter.events.RunSummary;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes through Pub/Sub ({@code messaging.kind: pubsub}, what terraform sets on Cloud Run). */
@Singleton
@Requires(property = "messaging.kind", value = "pubsub")
public class PubSubBatchPublisher implements BatchPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(PubSubBatchPublisher.class);

    private final BatchTopics topics;

    public PubSubBatchPublisher(BatchTopics topics) {
        this.topics = topics;
    }

    @Override
    public void publishTrigger(BatchTrigger trigger) {
        String id = topics.trigger(trigger, trigger.runId());
        LOG.info("published {} trigger for run {} as message {}", trigger.reason().wireName(), trigger.runId(), id);
    }

    @Override
    public void publishShard(BatchShard shard) {
        String id = topics.shard(shard, shard.runId());
        LOG.debug("published shard {} of run {} as message {}", shard.shard(), shard.runId(), id);
    }

    @Override
    public void publishCompleted(RunSummary summary) {
        String id = topics.completed(summary, summary.runId(), String.valueOf(summary.schemaVersion()));
        LOG.info("published batch-completed for run {} ({}) as message {}", summary.runId(),
                summary.status().wireName(), id);
    }
}
