package com.returnsorter.batch.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Real time plus an offset the test moves forward: "40 seconds pass" without waiting for them. Every
 * batch service started with {@code test.clock=manual} in the test JVM reads this one clock, as
 * instances reading one time source would.
 */
public final class ManualClock extends Clock {

    private static final ManualClock SHARED = new ManualClock();

    private final AtomicLong offsetNanos = new AtomicLong();

    public static ManualClock shared() {
        return SHARED;
    }

    /** Back to real time. */
    public void reset() {
        offsetNanos.set(0);
    }

    public void advance(Duration duration) {
        offsetNanos.addAndGet(duration.toNanos());
    }

    @Override
    public Instant instant() {
        return Instant.now().plusNanos(offsetNanos.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the batch reads UTC");
    }
}
