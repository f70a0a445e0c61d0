package com.returnsorter.report.alerts;

/**
 * Sends alerts on one {@link Channel}. There is exactly one notifier bean per channel: the real
 * transport when it is configured (a Slack webhook URL, an SMTP host), else one that writes the
 * message to the console and to a file under the local data folder.
 */
public interface Notifier {

    Channel channel();

    /**
     * Sends the notification, blocking until the channel accepted or refused it.
     *
     * @return where it went, for the alert's record ({@code slack-webhook}, {@code smtp:host}, {@code file:/…})
     * @throws DeliveryException when the channel did not accept it
     */
    String send(Notification notification) throws DeliveryException;
}
