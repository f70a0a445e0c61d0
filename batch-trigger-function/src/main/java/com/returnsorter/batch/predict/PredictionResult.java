package com.returnsorter.batch.predict;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/** The part of the predict function's answer the batch keeps. */
@Serdeable
public record PredictionResult(
        String category,
        double confidence,
        @Nullable @JsonProperty("all_predictions") Map<String, Double> allPredictions,
        @Nullable Model model) {

    @Serdeable
    public record Model(String name, String version) {
    }
}
