package com.returnsorter.report.alerts;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The population stability index by hand: Σ (p − q) ln(p / q), ε = 1e-4 for an empty share. */
class CategoryDriftTest {

    @Test
    void matchesTheFormulaComputedByHand() {
        // (0.5 − 0.25) ln 2 + (0.5 − 0.75) ln(0.5 / 0.75) = 0.274653
        CategoryDrift drift = CategoryDrift.of(Map.of("Bag", 50, "Coat", 50), Map.of("Bag", 25, "Coat", 75));
        assertThat(drift.psi()).isCloseTo(0.274653, within(1e-6));
        assertThat(drift.moves()).extracting(CategoryDrift.Move::category).containsExactly("Bag", "Coat");
    }

    @Test
    void anEmptyCategoryCountsWithEpsilon() {
        // (1 − 0.5) ln 2 + (1e-4 − 0.5) ln(1e-4 / 0.5) = 4.604318
        CategoryDrift drift = CategoryDrift.of(Map.of("Bag", 100), Map.of("Bag", 50, "Coat", 50));
        assertThat(drift.psi()).isCloseTo(4.604318, within(1e-6));
        assertThat(drift.moved()).as("Bag's 0.35 is under a tenth of the index").extracting(CategoryDrift.Move::category).containsExactly("Coat");
    }

    @Test
    void theSameMixHasNoDrift() {
        CategoryDrift drift = CategoryDrift.of(Map.of("Bag", 10, "Coat", 30), Map.of("Bag", 100, "Coat", 300));
        assertThat(drift.psi()).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void baselinesArePooled() {
        assertThat(CategoryDrift.pooled(List.of(Map.of("Bag", 2), Map.of("Bag", 3, "Coat", 1))))
                .containsExactly(Map.entry("Bag", 5), Map.entry("Coat", 1));
    }

    @Test
    void needsPhotosOnBothSides() {
        assertThatThrownBy(() -> CategoryDrift.of(Map.of(), Map.of("Bag", 1))).isInstanceOf(IllegalArgumentException.class);
    }
}
