package com.returnsorter.report.ingest;

import java.util.List;

/**
 * The run is recorded, but a channel of one of its alerts is not delivered yet (it failed
 * transiently, or another delivery is still sending it). Thrown so the push is nacked and Pub/Sub
 * delivers the event again; the redelivery sends only what is missing.
 */
public class NotificationsPendingException extends RuntimeException {

    public NotificationsPendingException(String subject, List<String> pending) {
        super(subject + ": " + String.join("; ", pending));
    }
}
