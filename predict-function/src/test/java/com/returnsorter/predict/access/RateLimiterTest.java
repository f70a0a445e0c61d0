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
    void idleClientsAreForgottenSoMemoryStaysBounded() {
        RateLimiter small = new RateLimiter(10, Duration.ofHours(1), 50, now::get);
        for (int i = 0; i < 50; i++) {
            small.acquire("ip:10.0.0." + i);
        }
        assertThat(small.tracked()).isEqualTo(50);
        now.addAndGet(Duration.ofHours(1).toNanos());
        small.acquire("ip:192.0.2.1");
        assertThat(small.tracked()).isEqualTo(1);
    }

    @Test
    void busyClientsAreNotForgottenWhenTheTableIsFull() {
        RateLimiter small = new RateLimiter(2, Duration.ofHours(1), 2, now::get);
        small.acquire("a");
        small.acquire("a");
        small.acquire("b");
        small.acquire("c");
        // "a" used its allowance and is still limited even though the table overflowed.
        assertThat(small.acquire("a")).isPositive();
    }
}
