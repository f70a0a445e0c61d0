package com.returnsorter.report.alerts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Locale;

/** How urgent an alert is; written in upper case ({@code WARNING}) as in subjects and the console. */
@Serdeable
public enum Severity {
    INFO, WARNING, ERROR, CRITICAL;

    @JsonValue
    public String wireName() {
        return name();
    }

    @JsonCreator
    public static Severity fromWire(String value) {
        return valueOf(value.strip().toUpperCase(Locale.ROOT));
    }

    /** At least as urgent as {@code other}. */
    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }
}
