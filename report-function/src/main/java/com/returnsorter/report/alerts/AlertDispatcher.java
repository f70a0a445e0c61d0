package com.returnsorter.report.alerts;

import com.returnsorter.report.ReportConfiguration;
import com.returnsorter.report.history.HistoryStore;
import com.returnsorter.report.history.RunRecord;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * @see DispatchResult#settled()
 */
@Singleton
public class AlertDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(AlertDispatcher.class);

    private final HistoryStore history;
    private final Map<Channel, Notifier> notifiers;
    private final AlertConfiguration alerts;
    private final ReportConfiguration report;
    private final Clock clock;

    public AlertDispatcher(HistoryStore history, List<Notifier> notifiers, AlertConfiguration alerts,
                           ReportConfiguration report, Clock clock) {
        this.history = history;
        this.notifiers = notifiers.stream().collect(Collectors.toMap(Notifier::channel, Function.identity()));
        this.alerts = alerts;
        this.report = report;
        this.clock = clock;
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
     * @param run the run the alerts are about; null for {@code missed-run}
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
        try {
            String target = notifiers.get(channel).send(notification);
            for (AlertRecord alert : claimed) {
                history.recordChannel(alert.alertId(), channel, alert.channel(channel).delivered(clock.instant(), target));
            }
            LOG.info("Sent {} to {}: {}", ids(claimed), channel.wireName(), target);
            return Optional.empty();
        } catch (DeliveryException e) {
            for (AlertRecord alert : claimed) {
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
                history.recordChannel(alert.alertId(), channel,
                        alert.channel(channel).failed(channel.wireName(), e.toString(), false));
            }
            LOG.error("Sending {} to {} failed", ids(claimed), channel.wireName(), e);
            return Optional.of(ids(claimed) + " " + channel.wireName() + ": " + e);
        }
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
