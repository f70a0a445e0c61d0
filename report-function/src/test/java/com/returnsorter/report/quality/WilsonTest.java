package com.returnsorter.report.quality;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The Wilson 95 % interval against published values: 81 of 263 is Newcombe's worked example (Statistics in
 * Medicine 17 (1998) 857–872, table II, method 3: 0.2553–0.3662); the others are SciPy 1.17's
 * {@code binomtest(k, n).proportion_ci(method="wilson")}, an independent implementation.
 */
class WilsonTest {

    @ParameterizedTest(name = "{0} of {1}: [{2}, {3}]")
    @CsvSource({
            "81, 263, 0.255289, 0.366210",
            "8, 10, 0.490162, 0.943318",
            "0, 10, 0.000000, 0.277533",
            "10, 10, 0.722467, 1.000000",
            "24, 41, 0.433671, 0.722435",
            "1, 1, 0.206549, 1.000000",
            "450, 500, 0.870578, 0.923322"})
    void matchesPublishedIntervals(int k, int n, double low, double high) {
        assertThat(Wilson.interval95(k, n)).satisfiesExactly(
                lo -> assertThat(lo).isCloseTo(low, within(1e-6)),
                hi -> assertThat(hi).isCloseTo(high, within(1e-6)));
    }

    @Test
    void nothingReviewedHasNoInterval() {
        assertThat(Wilson.interval95(0, 0)).isEmpty();
        assertThat(Accuracy.of(0, 0).liveAccuracy()).isNull();
    }

    @Test
    void refusesMoreSuccessesThanTrials() {
        assertThatThrownBy(() -> Wilson.interval95(3, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
