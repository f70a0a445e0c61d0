package com.returnsorter.report.ingest;

import com.google.pubsub.v1.PubsubMessage;
import com.returnsorter.events.Topics;
import com.returnsorter.report.alerts.AlertRecord;
import io.micronaut.gcp.pubsub.annotation.PubSubListener;
import io.micronaut.gcp.pubsub.annotation.PushSubscription;
import io.micronaut.messaging.annotation.MessageBody;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The push subscription on {@code watchdog}, published hourly by Cloud Scheduler. The message body
 * carries nothing the check needs, so any body is accepted. A failure nacks; the next hour checks
 * again anyway.
 */
@PubSubListener
@ExecuteOn(TaskExecutors.BLOCKING)
public class WatchdogListener {

    private static final Logger LOG = LoggerFactory.getLogger(WatchdogListener.class);

    private final MissedRunWatchdog watchdog;

    public WatchdogListener(MissedRunWatchdog watchdog) {
        this.watchdog = watchdog;
    }

    @PushSubscription(Topics.WATCHDOG)
    public void onWatchdog(@MessageBody PubsubMessage message) {
        List<AlertRecord> missed = watchdog.check();
        if (missed.isEmpty()) {
            LOG.debug("watchdog message {}: the last run is recent enough", message.getMessageId());
        } else {
            LOG.warn("watchdog message {}: {}", message.getMessageId(), missed.get(0).subject());
        }
    }
}
