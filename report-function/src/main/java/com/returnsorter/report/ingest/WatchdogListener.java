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
 * The push subscription on {@code watchdog}, published hourly by Cloud Scheduler: checks for a missed
 * run and for photos waiting too long in {@code review/}. The message body carries nothing the checks
 * need, so any body is accepted. A failure of either check nacks, after both ran; the redelivery
 * (or the next hour) checks again, and each alert's id keeps it to one per day.
 */
@PubSubListener
@ExecuteOn(TaskExecutors.BLOCKING)
public class WatchdogListener {

    private static final Logger LOG = LoggerFactory.getLogger(WatchdogListener.class);

    private final MissedRunWatchdog watchdog;
    private final ReviewBacklogWatchdog reviewBacklog;

    public WatchdogListener(MissedRunWatchdog watchdog, ReviewBacklogWatchdog reviewBacklog) {
        this.watchdog = watchdog;
        this.reviewBacklog = reviewBacklog;
    }

    @PushSubscription(Topics.WATCHDOG)
    public void onWatchdog(@MessageBody PubsubMessage message) {
        RuntimeException missedRunFailure = null;
        try {
            log(message, watchdog.check(), "the last run is recent enough");
        } catch (RuntimeException e) {
            missedRunFailure = e;
        }
        try {
            log(message, reviewBacklog.check(), "no photo waits too long in review/");
        } catch (RuntimeException e) {
            if (missedRunFailure == null) {
                throw e;
            }
            missedRunFailure.addSuppressed(e);
        }
        if (missedRunFailure != null) {
            throw missedRunFailure;
        }
    }

    private static void log(PubsubMessage message, List<AlertRecord> raised, String nothing) {
        if (raised.isEmpty()) {
            LOG.debug("watchdog message {}: {}", message.getMessageId(), nothing);
        } else {
            LOG.warn("watchdog message {}: {}", message.getMessageId(), raised.get(0).subject());
        }
    }
}
