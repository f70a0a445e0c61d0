package com.returnsorter.batch;

import com.returnsorter.batch.support.ManualClock;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.time.Clock;

/** With {@code test.clock=manual}, the batch reads the {@link ManualClock} the test moves forward. */
@Factory
@Requires(property = "test.clock", value = "manual")
class ManualClockFactory {

    @Singleton
    @Replaces(bean = Clock.class, factory = ClockFactory.class)
    Clock manualClock() {
        return ManualClock.shared();
    }
}
