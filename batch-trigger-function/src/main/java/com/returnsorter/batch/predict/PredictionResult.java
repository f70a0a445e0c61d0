package com.returnsorter.batch.predict;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/**
 * The part of the predict function's answer the batch keeps; {@code unsure} is present when the model's
 * preprocessing profile is not sure the photo shows one garment (the photo then goes to review).
 */
@Serdeable
public record PredictionResult(
        String category,
        double confidence,
        @Nullable @JsonProperty("all_predictions") Map<String, Double> allPredictions,
        @Nullable Model model,
        @Nullable Unsure unsure) {

    @Serdeable
    public record Model(String name, String version) {
    }

    /** The predict function's "not sure" verdict: a stable reason code and a message for people. */
    @Serdeable
    public record Unsure(String reason, @Nullable String message) {
    }
}
