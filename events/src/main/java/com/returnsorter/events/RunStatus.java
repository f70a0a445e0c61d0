package com.returnsorter.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Locale;

/** How a finished run went, as Firestore and the alert rules see it. */
@Serdeable
public enum RunStatus {
    /** Every photo was classified and moved. */
    SUCCESS,
    /** The run finished, but some photos were rejected or left in {@code incoming/} after transient errors. */
    PARTIAL,
    /** The run failed as a whole (e.g. the predict function could not be reached); photos stay in {@code incoming/}. */
    FAILED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static RunStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
