package com.returnsorter.predict.access;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Token buckets, one per client and endpoint: {@code capacity} requests, refilled evenly over
 * {@code period}. A burst of up to {@code capacity} is allowed; after that one request per
 * {@code period / capacity}. Bounded memory: at most {@code maxTracked} clients are tracked, in
 * least-recently-used order; a new client beyond that evicts the one unseen for longest (whose
 * bucket has most likely refilled anyway).
 */
public final class RateLimiter {

    private final int capacity;
    private final double tokensPerNano;
    private final LongSupplier clock;
    private final Map<String, Bucket> buckets;

    public RateLimiter(int capacity, Duration period, int maxTracked, LongSupplier nanoClock) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("a rate limit must allow at least one request");
        }
        if (maxTracked <= 0) {
            throw new IllegalArgumentException("a rate limiter must track at least one client");
        }
        this.capacity = capacity;
        this.tokensPerNano = capacity / (double) period.toNanos();
        this.clock = nanoClock;
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > maxTracked;
            }
        };
    }

    /**
     * Takes one token for {@code client}.
     *
     * @return 0 when the request may proceed, otherwise the whole seconds until it may be retried
     */
    public synchronized long acquire(String client) {
        long now = clock.getAsLong();
        Bucket bucket = buckets.computeIfAbsent(client, key -> new Bucket(capacity, now));
        bucket.refill(now, tokensPerNano, capacity);
        if (bucket.tokens >= 1.0) {
            bucket.tokens -= 1.0;
            return 0;
        }
        double nanos = (1.0 - bucket.tokens) / tokensPerNano;
        return Math.max(1, (long) Math.ceil(nanos / 1_000_000_000.0));
    }

    synchronized int tracked() {
        return buckets.size();
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
