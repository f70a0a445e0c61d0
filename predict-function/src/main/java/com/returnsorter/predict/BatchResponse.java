package com.returnsorter.predict;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.returnsorter.inference.Unsure;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Map;

/** The answer to {@code /predict_batch}: one entry per file, in upload order, each a result or an error. */
@Serdeable
public record BatchResponse(List<Item> results, int total, int successful, int failed,
                            PredictionResponse.ModelInfo model, String timestamp,
                            @JsonProperty("processing_ms") double processingMs) {

    /**
     * One file's result ({@code category}…, and {@code unsure} when the profile is not sure) or error
     * ({@code error}, {@code status}, {@code reason}).
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(
            @Nullable String filename,
            @Nullable String category,
            @Nullable Double confidence,
            @JsonProperty("all_predictions") @Nullable Map<String, Double> allPredictions,
            @Nullable String error,
            @Nullable Integer status,
            @Nullable String reason,
            @Nullable Unsure unsure) {
    }
}
