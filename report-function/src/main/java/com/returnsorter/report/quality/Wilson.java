package com.returnsorter.report.quality;

import java.util.List;

/**
 * The Wilson score interval of a proportion (Wilson 1927): for {@code k} successes in {@code n} trials,
 * p̂ = k / n and z the normal quantile,
 * <pre>
 *   centre = (p̂ + z²/2n) / (1 + z²/n)
 *   half   = z / (1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²)
 * </pre>
 * Unlike the normal approximation it stays inside [0, 1] and is usable for small {@code n} and for
 * p̂ = 0 or 1, which is what a week of a few dozen reviewed photos gives.
 */
public final class Wilson {

    /** The two-sided 95 % normal quantile. */
    public static final double Z95 = 1.959963984540054;

    private Wilson() {
    }

    /** The 95 % interval {@code [low, high]}; empty when {@code n} is 0 (nothing to say). */
    public static List<Double> interval95(int successes, int n) {
        return interval(successes, n, Z95);
    }

    public static List<Double> interval(int successes, int n, double z) {
        if (n < 0 || successes < 0 || successes > n) {
            throw new IllegalArgumentException("need 0 <= successes <= n, got " + successes + " of " + n);
        }
        if (n == 0) {
            return List.of();
        }
        double p = (double) successes / n;
        double z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denominator;
        double half = z / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return List.of(Math.max(0.0, centre - half), Math.min(1.0, centre + half));
    }
}
