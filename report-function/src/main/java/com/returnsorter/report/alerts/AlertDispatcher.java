package com.returnsorter.report.alerts;

import com.returnsorter.report.ReportConfiguration;
import com.returnsorter.report.history.HistoryStore;
import com.returnsorter.report.history.RunRecord;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Records alerts and sends them, exactly once per channel, however often the event is delivered.
 *
 * <p>For each channel, the alerts of one event that use it go out as one message (so a night makes
 * one Slack message, however many rules fired). Before sending, the dispatcher claims the channel of
 * each alert in the history store; only the delivery that claimed it sends, and the result is
 * recorded per alert and channel. One channel failing does not stop the other.
 *
 * <p>A send that succeeded is never undone by bookkeeping: the {@code delivered} record is retried
 * a few times, and if the history store still fails, this instance remembers the delivery and the
 * event is nacked; its redelivery records {@code delivered} without sending again. Only when this
 * instance is gone before the record is written does the channel's claim expire and another delivery
 * send a second time (docs/operations.md, "exactly once").
 *
 * @see DispatchResult#settled()
 */
@Singleton
public class AlertDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(AlertDispatcher.class);
    /** Writes of a {@code delivered} record in one delivery before the event is nacked for later. */
    static final int RECORD_ATTEMPTS = 3;
    private static final Duration FIRST_RECORD_BACKOFF = Duration.ofMillis(250);

    private final HistoryStore history;
    private final Map<Channel, Notifier> notifiers;
    private final AlertConfiguration alerts;
    private final ReportConfiguration report;
    private final Clock clock;
    private final AlertMetrics metrics;
    /** Sends that succeeded whose {@code delivered} record could not be written yet, by alert id and channel. */
    private final Map<String, ChannelDelivery> sentNotRecorded = new ConcurrentHashMap<>();

    public AlertDispatcher(HistoryStore history, List<Notifier> notifiers, AlertConfiguration alerts,
                           ReportConfiguration report, Clock clock, AlertMetrics metrics) {
        this.history = history;
        this.notifiers = notifiers.stream().collect(Collectors.toMap(Notifier::channel, Function.identity()));
        this.alerts = alerts;
        this.report = report;
        this.clock = clock;
        this.metrics = metrics;
        for (Channel channel : Channel.values()) {
            if (!this.notifiers.containsKey(channel)) {
                throw new IllegalStateException("no notifier for channel " + channel.wireName());
            }
        }
    }

    /**
     * Stores the alerts (an alert stored before keeps its first version) and sends every channel not
     * delivered yet.
     *
     * @param run the run the alerts are about; null for {@code missed-run} and {@code review-backlog}
     */
    public DispatchResult raise(List<AlertRecord> raised, @Nullable RunRecord run) {
        List<AlertRecord> stored = raised.stream().map(history::createAlert).toList();
        List<String> pending = new ArrayList<>();
        for (Channel channel : Channel.values()) {
            List<AlertRecord> claimed = new ArrayList<>();
            for (AlertRecord alert : stored) {
                if (!AlertRule.byId(alert.rule()).channels().contains(channel)) {
                    continue;
                }
                ChannelDelivery sent = sentNotRecorded.get(ledgerKey(alert.alertId(), channel));
                if (sent != null) {
                    // Sent by an earlier delivery on this instance: record it, never send it again.
                    if (!recordDelivered(alert.alertId(), channel, sent)) {
                        pending.add(alert.alertId() + " " + channel.wireName() + " was sent; recording it failed");
                    }
                    continue;
                }
                Optional<AlertRecord> claim = history.claimChannel(alert.alertId(), channel, clock.instant(),
                        alerts.channelLease());
                if (claim.isPresent()) {
                    claimed.add(claim.get());
                } else if (!history.findAlert(alert.alertId()).orElseThrow().channel(channel).state().isFinal()) {
                    // Another delivery is sending it right now; come back to check it arrived.
                    pending.add(alert.alertId() + " " + channel.wireName() + " is being sent by another delivery");
                }
            }
            if (!claimed.isEmpty()) {
                send(channel, claimed, run).ifPresent(pending::add);
            }
        }
        return new DispatchResult(stored, pending);
    }

    private Optional<String> send(Channel channel, List<AlertRecord> claimed, @Nullable RunRecord run) {
        claimed.sort(Comparator.comparing(AlertRecord::severity).reversed());
        Notification notification = new Notification(claimed.get(0), run,
                run == null ? null : report.reportUrl(run.runId()), report.dashboardUrl(), report.timeZone(),
                claimed.subList(1, claimed.size()));
        String target;
        try {
            target = notifiers.get(channel).send(notification);
        } catch (DeliveryException e) {
            for (AlertRecord alert : claimed) {
                metrics.count(alert.rule(), channel, e.isPermanent() ? AlertMetrics.REFUSED : AlertMetrics.FAILED);
                history.recordChannel(alert.alertId(), channel,
                        alert.channel(channel).failed(e.target(), e.getMessage(), e.isPermanent()));
            }
            if (e.isPermanent()) {
                LOG.error("{} refused {} for good: {}; not retried", channel.wireName(), ids(claimed), e.getMessage());
                return Optional.empty();
            }
            LOG.warn("Could not send {} to {}: {}; the next delivery retries", ids(claimed), channel.wireName(),
                    e.getMessage());
            return Optional.of(ids(claimed) + " " + channel.wireName() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            // A bug or an unexpected failure of a transport: recorded like a transient failure, so it is retried.
            for (AlertRecord alert : claimed) {
                metrics.count(alert.rule(), channel, AlertMetrics.FAILED);
                history.recordChannel(alert.alertId(), channel,
                        alert.channel(channel).failed(channel.wireName(), e.toString(), false));
            }
            LOG.error("Sending {} to {} failed", ids(claimed), channel.wireName(), e);
            return Optional.of(ids(claimed) + " " + channel.wireName() + ": " + e);
        }
        // Sent. From here on nothing may make this channel go out again.
        LOG.info("Sent {} to {}: {}", ids(claimed), channel.wireName(), target);
        claimed.forEach(alert -> metrics.count(alert.rule(), channel, AlertMetrics.DELIVERED));
        boolean recorded = true;
        for (AlertRecord alert : claimed) {
            ChannelDelivery delivered = alert.channel(channel).delivered(clock.instant(), target);
            sentNotRecorded.put(ledgerKey(alert.alertId(), channel), delivered);
            recorded &= recordDelivered(alert.alertId(), channel, delivered);
        }
        return recorded ? Optional.empty()
                : Optional.of(ids(claimed) + " " + channel.wireName() + " was sent; recording it failed");
    }

    /**
     * Writes {@code delivered}, retrying a few times; true once it is written. On failure the delivery
     * stays in {@link #sentNotRecorded}, so the redelivery of the event records it instead of sending.
     */
    private boolean recordDelivered(String alertId, Channel channel, ChannelDelivery delivered) {
        Duration backoff = FIRST_RECORD_BACKOFF;
        for (int attempt = 1; ; attempt++) {
            try {
                history.recordChannel(alertId, channel, delivered);
                sentNotRecorded.remove(ledgerKey(alertId, channel));
                return true;
            } catch (RuntimeException e) {
                if (attempt >= RECORD_ATTEMPTS) {
                    LOG.error("{} was sent to {} but recording it failed {} times ({}); the event is nacked and its "
                                    + "redelivery records it without sending again", alertId, channel.wireName(), attempt,
                            e.getMessage());
                    return false;
                }
                sleep(backoff);
                backoff = backoff.multipliedBy(4);
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String ledgerKey(String alertId, Channel channel) {
        return alertId + "\n" + channel.wireName();
    }

    private static String ids(List<AlertRecord> alerts) {
        return alerts.stream().map(AlertRecord::alertId).collect(Collectors.joining(", "));
    }

    /**
     * What a dispatch did.
     *
     * @param alerts  the alerts as stored
     * @param pending channels not delivered yet that a later delivery of the event must retry (failed
     *                transiently, or being sent by another delivery); empty when every channel is final
     */
    public record DispatchResult(List<AlertRecord> alerts, List<String> pending) {

        public boolean settled() {
            return pending.isEmpty();
        }
    }
}
