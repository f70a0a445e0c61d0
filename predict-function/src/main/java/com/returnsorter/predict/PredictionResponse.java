package com.returnsorter.predict;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/**
 * One prediction, as the seed API answered it: {@code category}, {@code confidence},
 * {@code timestamp}, {@code all_predictions} (top 5, best first) and the model that made it.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PredictionResponse(
        String category,
        double confidence,
        String timestamp,
        @JsonProperty("all_predictions") Map<String, Double> allPredictions,
        ModelInfo model,
        @Nullable String filename,
        @Nullable String object,
        @JsonProperty("processing_ms") double processingMs) {

    /** Name and version of the model, from its card. */
    @Serdeable
    public record ModelInfo(String name, String version) {
    }
}
