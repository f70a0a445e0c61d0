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
import java.util.function.Supplier;

/**
 * The push subscription on {@code watchdog}, published hourly by Cloud Scheduler: checks for a missed
 * run, for photos waiting too long in {@code review/} and for this week's live accuracy. The message body carries nothing the checks
 * need, so any body is accepted. A failure of any check nacks, after all ran; the redelivery
 * (or the next hour) checks again, and each alert's id keeps it to one per day.
 */
@PubSubListener
@ExecuteOn(TaskExecutors.BLOCKING)
public class WatchdogListener {

    private static final Logger LOG = LoggerFactory.getLogger(WatchdogListener.class);

    private final MissedRunWatchdog watchdog;
    private final ReviewBacklogWatchdog reviewBacklog;
    private final LiveAccuracyWatchdog liveAccuracy;

    public WatchdogListener(MissedRunWatchdog watchdog, ReviewBacklogWatchdog reviewBacklog,
                            LiveAccuracyWatchdog liveAccuracy) {
        this.watchdog = watchdog;
        this.reviewBacklog = reviewBacklog;
        this.liveAccuracy = liveAccuracy;
    }

    @PushSubscription(Topics.WATCHDOG)
    public void onWatchdog(@MessageBody PubsubMessage message) {
        List<Supplier<List<AlertRecord>>> checks = List.of(watchdog::check, reviewBacklog::check, liveAccuracy::check);
        List<String> nothing = List.of("the last run is recent enough", "no photo waits too long in review/",
                "this week's live accuracy is above its floor or has too few decisions");
        RuntimeException failure = null;
        for (int i = 0; i < checks.size(); i++) {
            try {
                log(message, checks.get(i).get(), nothing.get(i));
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
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
