package com.returnsorter.inference;

import io.micronaut.core.annotation.Creator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Optional;

/**
 * The model's answer for one image.
 *
 * @param label      the most probable label
 * @param index      its output index
 * @param confidence its probability, 0–1
 * @param topK       the most probable labels, best first
 * @param unsure     why the preprocessing profile is not sure the photo shows one garment, or null
 *                   (see {@link Unsure}); the label and confidence are given either way
 */
@Serdeable
public record Classification(String label, int index, double confidence, List<LabelScore> topK,
                             @Nullable Unsure unsure) {

    @Creator
    public Classification {
    }

    /** A classification the profile is sure about. */
    public Classification(String label, int index, double confidence, List<LabelScore> topK) {
        this(label, index, confidence, topK, null);
    }

    /** The "not sure" verdict, when there is one. */
    public Optional<Unsure> unsureVerdict() {
        return Optional.ofNullable(unsure);
    }

    /** One label and its probability. */
    @Serdeable
    public record LabelScore(String label, double probability) {
    }
}
