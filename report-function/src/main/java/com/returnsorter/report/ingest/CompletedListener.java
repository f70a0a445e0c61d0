package com.returnsorter.report.ingest;

import com.google.pubsub.v1.PubsubMessage;
import com.returnsorter.events.RunSummary;
import com.returnsorter.events.Topics;
import com.returnsorter.report.alerts.AlertDispatcher;
import io.micronaut.gcp.pubsub.annotation.PubSubListener;
import io.micronaut.gcp.pubsub.annotation.PushSubscription;
import io.micronaut.json.JsonMapper;
import io.micronaut.messaging.annotation.MessageBody;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;

/**
 * The push subscription on {@code batch-completed} (micronaut-gcp's {@code PushController} at
 * {@code /push}). Returning acknowledges; an exception nacks (422) and Pub/Sub delivers the event
 * again: that is how an unavailable Firestore and a channel that failed are retried. An event that
 * can never be understood or believed (impossible figures, a time in the future, figures that differ
 * from the run's {@code summary.json} or from the run as recorded) is acknowledged with an ERROR in the
 * log and stores nothing, since a redelivery would not help.
 */
@PubSubListener
@ExecuteOn(TaskExecutors.BLOCKING)
public class CompletedListener {

    private static final Logger LOG = LoggerFactory.getLogger(CompletedListener.class);

    private final RunIngestor ingestor;
    private final JsonMapper json;
    private final Clock clock;

    public CompletedListener(RunIngestor ingestor, JsonMapper json, Clock clock) {
        this.ingestor = ingestor;
        this.json = json;
        this.clock = clock;
    }

    @PushSubscription(Topics.BATCH_COMPLETED)
    public void onCompleted(@MessageBody PubsubMessage message) {
        RunSummary summary;
        try {
            summary = json.readValue(message.getData().toByteArray(), RunSummary.class);
        } catch (IOException | RuntimeException e) {
            LOG.error("discarded batch-completed message {}: not a run summary ({})", message.getMessageId(),
                    e.getMessage());
            return;
        }
        String problem = SummaryCheck.problem(summary, clock.instant());
        if (problem != null) {
            LOG.error("discarded batch-completed message {}: {}", message.getMessageId(), problem);
            return;
        }
        AlertDispatcher.DispatchResult result;
        try {
            result = ingestor.ingest(summary);
        } catch (RefusedEventException e) {
            LOG.error("discarded batch-completed message {}: {}", message.getMessageId(), e.getMessage());
            return;
        }
        LOG.info("batch-completed message {} for run {}: {} alerts ({})", message.getMessageId(), summary.runId(),
                result.alerts().size(), String.join(", ", result.alerts().stream().map(a -> a.rule()).toList()));
    }
}
