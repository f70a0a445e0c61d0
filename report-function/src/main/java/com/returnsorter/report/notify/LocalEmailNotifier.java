package com.returnsorter.report.notify;

import com.returnsorter.report.alerts.Channel;
import com.returnsorter.report.alerts.DeliveryException;
import com.returnsorter.report.alerts.Notification;
import com.returnsorter.report.alerts.Notifier;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Properties;

/**
 * Email without an SMTP host (local mode): writes the MIME message the SMTP transport would send to
 * {@code <notifications.local-dir>/email/<alertId>.eml} (opens in any mail client) and logs one line.
 */
@Singleton
@Requires(condition = TransportConditions.SmtpHostUnset.class)
public class LocalEmailNotifier implements Notifier {

    private static final Logger LOG = LoggerFactory.getLogger(LocalEmailNotifier.class);

    private final EmailConfiguration email;
    private final Path directory;
    private final Session session = Session.getInstance(new Properties());

    public LocalEmailNotifier(EmailConfiguration email, LocalNotificationConfiguration configuration) {
        this.email = email;
        this.directory = configuration.channelDirectory("email");
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public String send(Notification notification) throws DeliveryException {
        Path file = LocalFiles.fileOf(directory, notification.alert().alertId(), ".eml");
        MimeMessage message;
        try {
            message = EmailMessage.of(notification).toMimeMessage(session, email.from(), email.to());
        } catch (MessagingException e) {
            // A malformed from or to address: the same message can never be composed.
            throw new DeliveryException("file:" + file, "could not compose the email: " + e.getMessage(), true, e);
        }
        String target = LocalFiles.writeAtomically(file, message::writeTo);
        LocalFiles.log(LOG, notification, target);
        return target;
    }
}
