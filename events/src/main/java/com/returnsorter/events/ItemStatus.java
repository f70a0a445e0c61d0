package com.returnsorter.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Locale;

/** What happened to one photo in a run; the {@code status} column of {@code results.csv}. */
@Serdeable
public enum ItemStatus {
    /** Classified with confidence at or above the review threshold; now under {@code processed/<Category>/}. */
    SORTED,
    /** Classified below the review threshold; now under {@code review/<Category>/}. */
    REVIEW,
    /** Not a decodable image (corrupt, empty, too large, unsupported); now under {@code rejected/}. */
    REJECTED,
    /** A transient failure outlasted the retries; the photo is still in {@code incoming/} for the next run. */
    ERROR;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ItemStatus fromWire(String value) {
        return valueOf(value.strip().toUpperCase(Locale.ROOT));
    }

    /** Classified and moved to its category: counts as a success. */
    public boolean isSuccessful() {
        return this == SORTED || this == REVIEW;
    }
}
