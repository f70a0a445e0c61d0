package com.returnsorter.report;

import com.returnsorter.service.startup.ServiceStarter;

/**
 * Starts the report service: Netty on {@code PORT}; Pub/Sub push at {@code /push} (subscriptions
 * {@code batch-completed} and {@code watchdog}); the read API, and the dashboard at {@code /dashboard}.
 */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        ServiceStarter.start(Application.class, args);
    }
}
