package com.returnsorter.batch.messaging;

import com.returnsorter.events.BatchShard;
import com.returnsorter.events.BatchTrigger;
import com.returnsorter.events.RunSummary;
import com.returnsorter.events.Topics;
import io.micronaut.gcp.pubsub.annotation.PubSubClient;
import io.micronaut.gcp.pubsub.annotation.Topic;
import io.micronaut.messaging.annotation.MessageBody;
import io.micronaut.messaging.annotation.MessageHeader;

/** The Pub/Sub topics the batch publishes to; each call blocks until Pub/Sub accepted the message and returns its id. */
@PubSubClient
public interface BatchTopics {

    @Topic(Topics.BATCH_TRIGGER)
    String trigger(@MessageBody BatchTrigger trigger, @MessageHeader(Topics.ATTRIBUTE_RUN_ID) String runId);

    @Topic(Topics.BATCH_SHARD)
    String shard(@MessageBody BatchShard shard, @MessageHeader(Topics.ATTRIBUTE_RUN_ID) String runId);

    @Topic(Topics.BATCH_COMPLETED)
    String completed(@MessageBody RunSummary summary, @MessageHeader(Topics.ATTRIBUTE_RUN_ID) String runId,
                     @MessageHeader(Topics.ATTRIBUTE_SCHEMA) String schemaVersion);
}
