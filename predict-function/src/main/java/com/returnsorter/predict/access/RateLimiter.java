package com.returnsorter.predict.access;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets, one per client and endpoint: {@code capacity} requests, refilled evenly over
 * {@code period}. A burst of up to {@code capacity} is allowed; after that one request per
 * {@code period / capacity}. Bounded memory: beyond {@code maxTracked} clients, buckets that have
 * refilled completely (clients gone idle) are forgotten, since a full bucket carries no state.
 */
public final class RateLimiter {

    private final int capacity;
    private final double tokensPerNano;
    private final int maxTracked;
    private final LongSupplier clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(int capacity, Duration period, int maxTracked, LongSupplier nanoClock) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("a rate limit must allow at least one request");
        }
        this.capacity = capacity;
        this.tokensPerNano = capacity / (double) period.toNanos();
        this.maxTracked = maxTracked;
        this.clock = nanoClock;
    }

    /**
     * Takes one token for {@code client}.
     *
     * @return 0 when the request may proceed, otherwise the whole seconds until it may be retried
     */
    public long acquire(String client) {
        if (buckets.size() >= maxTracked && !buckets.containsKey(client)) {
            forgetIdle();
        }
        Bucket bucket = buckets.computeIfAbsent(client, key -> new Bucket(capacity, clock.getAsLong()));
        synchronized (bucket) {
            long now = clock.getAsLong();
            bucket.refill(now, tokensPerNano, capacity);
            if (bucket.tokens >= 1.0) {
                bucket.tokens -= 1.0;
                return 0;
            }
            double nanos = (1.0 - bucket.tokens) / tokensPerNano;
            return Math.max(1, (long) Math.ceil(nanos / 1_000_000_000.0));
        }
    }

    int tracked() {
        return buckets.size();
    }

    private void forgetIdle() {
        long now = clock.getAsLong();
        Iterator<Map.Entry<String, Bucket>> entries = buckets.entrySet().iterator();
        while (entries.hasNext()) {
            Bucket bucket = entries.next().getValue();
            synchronized (bucket) {
                bucket.refill(now, tokensPerNano, capacity);
                if (bucket.tokens >= capacity) {
                    entries.remove();
                }
            }
        }
    }

    private static final class Bucket {
        private double tokens;
        private long updatedNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updatedNanos = now;
        }

        void refill(long now, double perNano, int capacity) {
            long elapsed = now - updatedNanos;
            if (elapsed > 0) {
                tokens = Math.min(capacity, tokens + elapsed * perNano);
                updatedNanos = now;
            }
        }
    }
}
