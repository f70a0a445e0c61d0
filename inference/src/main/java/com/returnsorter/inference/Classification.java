package com.returnsorter.inference;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * The model's answer for one image.
 *
 * @param label      the most probable label
 * @param index      its output index
 * @param confidence its probability, 0–1
 * @param topK       the most probable labels, best first
 */
@Serdeable
public record Classification(String label, int index, double confidence, List<LabelScore> topK) {

    /** One label and its probability. */
    @Serdeable
    public record LabelScore(String label, double probability) {
    }
}
