package com.returnsorter.report.notify;

import com.returnsorter.report.alerts.Channel;
import com.returnsorter.report.alerts.DeliveryException;
import com.returnsorter.report.alerts.Notification;
import com.returnsorter.report.alerts.Notifier;
import io.micronaut.context.annotation.Requires;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Slack without a webhook (local mode): writes the Block Kit payload the webhook would receive to
 * {@code <notifications.local-dir>/slack/<alertId>.json} and logs one line.
 */
@Singleton
@Requires(condition = TransportConditions.SlackWebhookUnset.class)
public class LocalSlackNotifier implements Notifier {

    private static final Logger LOG = LoggerFactory.getLogger(LocalSlackNotifier.class);

    private final Path directory;
    private final JsonMapper jsonMapper;

    public LocalSlackNotifier(LocalNotificationConfiguration configuration, JsonMapper jsonMapper) {
        this.directory = configuration.channelDirectory("slack");
        this.jsonMapper = jsonMapper;
    }

    @Override
    public Channel channel() {
        return Channel.SLACK;
    }

    @Override
    public String send(Notification notification) throws DeliveryException {
        byte[] json = SlackMessage.of(notification).toJson(jsonMapper).getBytes(StandardCharsets.UTF_8);
        Path file = LocalFiles.fileOf(directory, notification.alert().alertId(), ".json");
        String target = LocalFiles.writeAtomically(file, out -> out.write(json));
        LocalFiles.log(LOG, notification, target);
        return target;
    }
}
