package com.returnsorter.batch.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;

/** The optional body of {@code POST /runs}: {@code {"maxItems": 100, "dryRun": true}}. */
@Serdeable
public record RunRequest(@Nullable @Positive @Max(1_000_000) Integer maxItems, @Nullable Boolean dryRun) {

    static final RunRequest DEFAULTS = new RunRequest(null, null);

    boolean isDryRun() {
        return Boolean.TRUE.equals(dryRun);
    }
}
