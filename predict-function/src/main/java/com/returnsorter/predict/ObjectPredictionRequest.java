package com.returnsorter.predict;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** {@code POST /predict} with JSON: classify an object of the configured store by its key, e.g. {@code incoming/return_20261121_001.jpg}. */
@Serdeable
public record ObjectPredictionRequest(@Nullable String object) {
}
