package com.returnsorter.batch.messaging;

import com.google.pubsub.v1.PubsubMessage;
import com.returnsorter.batch.run.RunEngine;
import com.returnsorter.events.BatchTrigger;
import com.returnsorter.events.RunIds;
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
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The push subscription on {@code batch-trigger}, served by micronaut-gcp's {@code PushController}
 * at {@code /push}. Returning normally acknowledges the message (200); an exception nacks it (422)
 * and Pub/Sub delivers it again, which is how transient failures and a run busy in another
 * delivery are retried. A message that can never be understood is acknowledged with an error in the
 * log: redelivering it would not help.
 */
@PubSubListener
@ExecuteOn(TaskExecutors.BLOCKING)
public class TriggerListener {

    private static final Logger LOG = LoggerFactory.getLogger(TriggerListener.class);

    private final RunEngine engine;
    private final JsonMapper json;
    private final Validator validator;

    public TriggerListener(RunEngine engine, JsonMapper json, Validator validator) {
        this.engine = engine;
        this.json = json;
        this.validator = validator;
    }

    @PushSubscription(Topics.BATCH_TRIGGER)
    public void onTrigger(@MessageBody PubsubMessage message) {
        BatchTrigger trigger;
        try {
            trigger = json.readValue(message.getData().toByteArray(), BatchTrigger.class);
        } catch (IOException | RuntimeException e) {
            LOG.error("discarded trigger message {}: not a batch trigger ({}); expected {\"reason\": \"scheduled\"|\"manual\", "
                    + "\"requestedAt\", \"maxItems\"?, \"dryRun\"?}", message.getMessageId(), e.getMessage());
            return;
        }
        Set<ConstraintViolation<BatchTrigger>> violations = trigger == null ? Set.of() : validator.validate(trigger);
        if (trigger == null || !violations.isEmpty()) {
            LOG.error("discarded trigger message {}: {}", message.getMessageId(), trigger == null ? "empty"
                    : violations.stream().map(v -> v.getPropertyPath() + " " + v.getMessage()).collect(Collectors.joining("; ")));
            return;
        }
        Instant published = Instant.ofEpochSecond(message.getPublishTime().getSeconds(), message.getPublishTime().getNanos());
        String runId = trigger.runId() != null ? trigger.runId() : RunIds.of(published, message.getMessageId());
        RunEngine.Outcome outcome = engine.handle(trigger, runId);
        LOG.info("trigger message {} ({}) for run {}: {}", message.getMessageId(), trigger.reason().wireName(), runId,
                outcome);
    }
}
