package com.returnsorter.predict;

import com.returnsorter.service.startup.ServiceLauncher;

/** Starts the predict service on Netty (Cloud Run, local). Cloud Functions use {@code io.micronaut.gcp.function.http.HttpFunction}. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        ServiceLauncher.launch(Application.class, args);
    }
}
