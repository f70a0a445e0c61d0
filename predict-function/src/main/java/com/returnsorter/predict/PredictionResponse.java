package com.returnsorter.predict;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.returnsorter.inference.Unsure;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/**
 * One prediction, as the seed API answered it: {@code category}, {@code confidence},
 * {@code timestamp}, {@code all_predictions} (top 5, best first) and the model that made it; plus
 * {@code unsure} ({@code reason}, {@code message}) only when the model card's preprocessing profile is not
 * sure the photo shows one garment (see docs/not-sure.md).
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
        @JsonProperty("processing_ms") double processingMs,
        @Nullable Unsure unsure) {

    /** Name and version of the model, from its card. */
    @Serdeable
    public record ModelInfo(String name, String version) {
    }
}
