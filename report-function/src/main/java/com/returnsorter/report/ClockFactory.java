package com.returnsorter.report;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;

import java.time.Clock;

/** The clock of records, alerts and the watchdog; tests replace it. */
@Factory
class ClockFactory {

    /** Secondary, so a test's own {@link Clock} bean wins. */
    @Singleton
    @Secondary
    Clock clock() {
        return Clock.systemUTC();
    }
}
