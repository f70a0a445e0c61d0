package com.returnsorter.report.alerts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Locale;

/** Where an alert goes. Each channel has one transport: a real one when configured, else local files. */
@Serdeable
public enum Channel {
    SLACK, EMAIL;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Channel fromWire(String value) {
        return valueOf(value.strip().toUpperCase(Locale.ROOT));
    }
}
