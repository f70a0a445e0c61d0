package com.returnsorter.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Why a run was started or continued. Written in lower case on the wire. */
@Serdeable
public enum TriggerReason {
    /** The nightly Cloud Scheduler job. */
    SCHEDULED,
    /** Someone asked for a run now ({@code POST /runs} or a hand-published message). */
    MANUAL,
    /** The previous push request of the same run ran out of its time budget. */
    CONTINUATION;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static TriggerReason fromWire(String value) {
        for (TriggerReason reason : values()) {
            if (reason.wireName().equals(value)) {
                return reason;
            }
        }
        throw new IllegalArgumentException("unknown trigger reason '" + value + "'; expected one of "
                + Arrays.stream(values()).map(TriggerReason::wireName).collect(Collectors.joining(", ")));
    }
}
