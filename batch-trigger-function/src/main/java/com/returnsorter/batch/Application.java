package com.returnsorter.batch;

import com.returnsorter.service.startup.ServiceStarter;

/** Starts the batch service: Netty on {@code PORT}, Pub/Sub push at {@code /push}, the runs API at {@code /runs}. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        ServiceStarter.start(Application.class, args);
    }
}
