package com.returnsorter.testing;

/** Where a test emulator came from, in the order they are tried. */
public enum EmulatorSource {
    /** An address given by the environment variable or system property (for example {@code PUBSUB_EMULATOR_HOST}). */
    ENVIRONMENT,
    /** A Testcontainers container, used when a Docker engine answers. */
    TESTCONTAINERS,
    /** The launcher installed with the Google Cloud CLI ({@code gcloud ... emulators ... start}). */
    GCLOUD
}
