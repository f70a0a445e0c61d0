package com.returnsorter.predict.access;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final RateLimiter limiter = new RateLimiter(100, Duration.ofHours(1), 1_000, now::get);

    @Test
    void allowsTheHourlyAllowanceThenAsksToRetryWhenOneTokenIsBack() {
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.acquire("ip:203.0.113.7")).isZero();
        }
        // 100 per hour refill one every 36 s.
        assertThat(limiter.acquire("ip:203.0.113.7")).isEqualTo(36);
        now.addAndGet(Duration.ofSeconds(20).toNanos());
        assertThat(limiter.acquire("ip:203.0.113.7")).isEqualTo(16);
        now.addAndGet(Duration.ofSeconds(16).toNanos());
        assertThat(limiter.acquire("ip:203.0.113.7")).isZero();
    }

    @Test
    void clientsHaveSeparateBuckets() {
        for (int i = 0; i < 100; i++) {
            limiter.acquire("key:store-app");
        }
        assertThat(limiter.acquire("key:store-app")).isPositive();
        assertThat(limiter.acquire("key:kiosk")).isZero();
    }

    @Test
    void theTableNeverHoldsMoreThanMaxTrackedClients() {
        RateLimiter small = new RateLimiter(10, Duration.ofHours(1), 50, now::get);
        for (int i = 0; i < 5_000; i++) {
            small.acquire("ip:10.0." + (i / 256) + "." + (i % 256));
        }
        assertThat(small.tracked()).isEqualTo(50);
    }

    @Test
    void aFullTableEvictsTheClientUnseenForLongest() {
        RateLimiter small = new RateLimiter(2, Duration.ofHours(1), 2, now::get);
        small.acquire("a");
        small.acquire("a");
        small.acquire("b");
        assertThat(small.acquire("a")).as("a used its allowance").isPositive();
        small.acquire("c");
        // "b" was unseen for longest and is evicted; "a", refused a moment ago, keeps its state.
        assertThat(small.acquire("a")).isPositive();
        assertThat(small.tracked()).isEqualTo(2);
    }
}
