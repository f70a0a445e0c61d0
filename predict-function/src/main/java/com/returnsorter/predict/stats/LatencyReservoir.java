package com.returnsorter.predict.stats;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The most recent latencies of one endpoint (a fixed ring, so memory stays flat), from which
 * percentiles are computed on demand.
 */
final class LatencyReservoir {

    private final AtomicLongArray micros;
    private final AtomicLong recorded = new AtomicLong();

    LatencyReservoir(int size) {
        this.micros = new AtomicLongArray(size);
    }

    void record(long latencyMicros) {
        long index = recorded.getAndIncrement();
        micros.set((int) (index % micros.length()), latencyMicros);
    }

    long count() {
        return recorded.get();
    }

    /** p50, p95, p99 in milliseconds over the retained window (nearest-rank); zeros when empty. */
    double[] percentilesMillis() {
        int n = (int) Math.min(recorded.get(), micros.length());
        if (n == 0) {
            return new double[] {0, 0, 0};
        }
        long[] sorted = new long[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = micros.get(i);
        }
        Arrays.sort(sorted);
        return new double[] {rank(sorted, 0.50), rank(sorted, 0.95), rank(sorted, 0.99)};
    }

    private static double rank(long[] sorted, double quantile) {
        int index = Math.max(0, (int) Math.ceil(quantile * sorted.length) - 1);
        return Math.round(sorted[index] / 10.0) / 100.0;
    }
}
