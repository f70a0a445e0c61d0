package com.returnsorter.predict;

import io.micronaut.runtime.Micronaut;

/** Starts the predict service on Netty (Cloud Run, local). Cloud Functions use {@code io.micronaut.gcp.function.http.HttpFunction}. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.build(args).mainClass(Application.class).banner(false).start();
    }
}
