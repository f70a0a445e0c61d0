package com.returnsorter.report.notify;

import com.returnsorter.report.alerts.Channel;
import com.returnsorter.report.alerts.DeliveryException;
import com.returnsorter.report.alerts.Notification;
import com.returnsorter.report.alerts.Notifier;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * Sends alerts over SMTP ({@code email.smtp-host} set), one connection per email, with Jakarta Mail (Angus).
 *
 * <p>Micronaut Email's javamail sender is not used: its session comes from {@code Session.getDefaultInstance},
 * one per JVM whichever configuration asked first, and its {@code EmailException} wraps the SMTP reply codes
 * the failure classification below reads. A {@link Session} built from {@link EmailConfiguration} is simpler.
 *
 * <p>A server's 5xx for the sender or every recipient, a refused login or a malformed address is permanent;
 * connection failures, timeouts and 4xx answers are transient. When only some recipients are refused the
 * others still get the email (partial send) and the delivery counts as done, with a warning in the log.
 */
@Singleton
@Requires(property = EmailConfiguration.SMTP_HOST, pattern = TransportConditions.NON_BLANK)
public class SmtpEmailNotifier implements Notifier {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpEmailNotifier.class);

    private final EmailConfiguration configuration;
    private final Session session;
    private final String target;

    public SmtpEmailNotifier(EmailConfiguration configuration) {
        this.configuration = configuration;
        this.session = Session.getInstance(properties(configuration));
        this.target = "smtp:" + configuration.smtpHost().strip();
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public String send(Notification notification) throws DeliveryException {
        String alertId = notification.alert().alertId();
        MimeMessage message;
        try {
            message = EmailMessage.of(notification).toMimeMessage(session, configuration.from(), configuration.to());
        } catch (MessagingException e) {
            throw new DeliveryException(target, "could not compose the email (check email.from and email.to): "
                    + e.getMessage(), true, e);
        }
        try {
            if (configuration.authenticates()) {
                Transport.send(message, configuration.smtpUsername(), configuration.smtpPassword());
            } else {
                Transport.send(message);
            }
            LOG.info("Email for alert {} sent to {} via {}", alertId, configuration.to(), target);
            return target;
        } catch (SendFailedException e) {
            if (e.getValidSentAddresses() != null && e.getValidSentAddresses().length > 0) {
                LOG.warn("Email for alert {} sent via {} to {}, but not to {}: {}", alertId, target,
                        Arrays.toString(e.getValidSentAddresses()), addresses(e), refusals(e));
                return target;
            }
            throw new DeliveryException(target, describe(e), permanent(e), e);
        } catch (AuthenticationFailedException e) {
            throw new DeliveryException(target, "the SMTP server refused the login of " + configuration.smtpUsername()
                    + ": " + e.getMessage(), true, e);
        } catch (MessagingException e) {
            throw new DeliveryException(target, describe(e), permanent(e), e);
        }
    }

    private static Properties properties(EmailConfiguration configuration) {
        String timeout = String.valueOf(configuration.smtpTimeout().toMillis());
        Properties properties = new Properties();
        properties.put("mail.transport.protocol", "smtp");
        properties.put("mail.smtp.host", configuration.smtpHost().strip());
        properties.put("mail.smtp.port", String.valueOf(configuration.smtpPort()));
        properties.put("mail.smtp.connectiontimeout", timeout);
        properties.put("mail.smtp.timeout", timeout);
        properties.put("mail.smtp.writetimeout", timeout);
        properties.put("mail.smtp.auth", String.valueOf(configuration.authenticates()));
        // One mistyped recipient must not keep the alert from everyone else.
        properties.put("mail.smtp.sendpartial", "true");
        switch (configuration.smtpSecurity()) {
            case STARTTLS -> {
                properties.put("mail.smtp.starttls.enable", "true");
                // Never fall back to sending the password in clear text when the server offers no STARTTLS.
                properties.put("mail.smtp.starttls.required", "true");
                properties.put("mail.smtp.ssl.checkserveridentity", "true");
            }
            case TLS -> {
                properties.put("mail.smtp.ssl.enable", "true");
                properties.put("mail.smtp.ssl.checkserveridentity", "true");
            }
            case NONE -> {
                // plain SMTP, e.g. a relay inside the network
            }
        }
        return properties;
    }

    /**
     * Permanent when the server answered, and answered 5xx to everything it refused (Jakarta Mail chains
     * one exception per refused address); anything without an SMTP reply code — a refused connection,
     * a timeout, a dropped line — may work next time.
     */
    static boolean permanent(MessagingException e) {
        List<Integer> codes = new ArrayList<>();
        for (Exception next = e; next != null;
             next = next instanceof MessagingException m ? m.getNextException() : null) {
            if (next instanceof SMTPAddressFailedException failed) {
                codes.add(failed.getReturnCode());
            } else if (next instanceof SMTPSenderFailedException failed) {
                codes.add(failed.getReturnCode());
            } else if (next instanceof SMTPSendFailedException failed) {
                codes.add(failed.getReturnCode());
            }
        }
        return !codes.isEmpty() && codes.stream().allMatch(code -> code >= 500);
    }

    private static String describe(MessagingException e) {
        StringBuilder description = new StringBuilder(e.getMessage() == null ? e.toString() : e.getMessage());
        for (Exception next = e.getNextException(); next != null;
             next = next instanceof MessagingException m ? m.getNextException() : null) {
            description.append("; ").append(next.getMessage() == null ? next.toString() : next.getMessage().strip());
        }
        return description.toString();
    }

    /** The server's answers to the refused recipients. */
    private static String refusals(MessagingException e) {
        List<String> answers = new ArrayList<>();
        for (Exception next = e; next != null;
             next = next instanceof MessagingException m ? m.getNextException() : null) {
            if (next instanceof SMTPAddressFailedException failed) {
                answers.add(failed.getMessage().strip());
            }
        }
        return String.join("; ", answers);
    }

    private static String addresses(SendFailedException e) {
        List<Address> refused = new ArrayList<>();
        if (e.getInvalidAddresses() != null) {
            refused.addAll(Arrays.asList(e.getInvalidAddresses()));
        }
        if (e.getValidUnsentAddresses() != null) {
            refused.addAll(Arrays.asList(e.getValidUnsentAddresses()));
        }
        return refused.toString();
    }
}
