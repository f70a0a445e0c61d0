package com.returnsorter.report.decisions;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Locale;

/** What a person said about a photo in review. */
@Serdeable
public enum Decision {
    /** The model was right: the photo goes to {@code processed/<its category>/}. */
    APPROVE,
    /** The model was wrong: the photo goes to {@code processed/<the person's category>/}. */
    CORRECT,
    /** Not a sellable item or not a usable photo: the photo goes to {@code rejected/}. */
    REJECT;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The decision named {@code value} (any case), or null when it names none. */
    @JsonCreator
    @Nullable
    public static Decision fromWire(@Nullable String value) {
        if (value == null) {
            return null;
        }
        for (Decision decision : values()) {
            if (decision.wireName().equals(value.strip().toLowerCase(Locale.ROOT))) {
                return decision;
            }
        }
        return null;
    }

    /** The status a return lookup shows once this decision is done. */
    public String outcome() {
        return switch (this) {
            case APPROVE -> "approved";
            case CORRECT -> "corrected";
            case REJECT -> "rejected";
        };
    }
}
