package com.returnsorter.batch.messaging;

import com.google.pubsub.v1.PubsubMessage;
import com.returnsorter.batch.run.RunEngine;
import com.returnsorter.events.BatchShard;
import com.returnsorter.events.Topics;
import io.micronaut.gcp.pubsub.annotation.PubSubListener;
import io.micronaut.gcp.pubsub.annotation.PushSubscription;
import io.micronaut.json.JsonMapper;
import io.micronaut.messaging.annotation.MessageBody;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The push subscription on {@code batch-shard}: one slice of a big run per message, on whichever
 * instance Pub/Sub and Cloud Run give it. As for triggers, returning acknowledges (200) and an
 * exception nacks (422) so Pub/Sub delivers the shard again; a message that can never be understood
 * is acknowledged with an error in the log.
 */
@PubSubListener
@ExecuteOn(TaskExecutors.BLOCKING)
public class ShardListener {

    private static final Logger LOG = LoggerFactory.getLogger(ShardListener.class);

    private final RunEngine engine;
    private final JsonMapper json;
    private final Validator validator;

    public ShardListener(RunEngine engine, JsonMapper json, Validator validator) {
        this.engine = engine;
        this.json = json;
        this.validator = validator;
    }

    @PushSubscription(Topics.BATCH_SHARD)
    public void onShard(@MessageBody PubsubMessage message) {
        BatchShard shard;
        try {
            shard = json.readValue(message.getData().toByteArray(), BatchShard.class);
        } catch (IOException | RuntimeException e) {
            LOG.error("discarded shard message {}: not a batch shard ({}); expected {\"runId\", \"shard\"}",
                    message.getMessageId(), e.getMessage());
            return;
        }
        Set<ConstraintViolation<BatchShard>> violations = shard == null ? Set.of() : validator.validate(shard);
        if (shard == null || !violations.isEmpty()) {
            LOG.error("discarded shard message {}: {}", message.getMessageId(), shard == null ? "empty"
                    : violations.stream().map(v -> v.getPropertyPath() + " " + v.getMessage()).collect(Collectors.joining("; ")));
            return;
        }
        RunEngine.Outcome outcome = engine.handleShard(shard.runId(), shard.shard());
        LOG.info("shard message {}: shard {} of run {}: {}", message.getMessageId(), shard.shard(), shard.runId(), outcome);
    }
}
