package com.returnsorter.report.workspace;

import com.returnsorter.service.api.ApiException;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/** Days and instants from query parameters, with a 400 that says the expected form. */
public final class Dates {

    private Dates() {
    }

    /** {@code YYYY-MM-DD}, or {@code fallback} when absent. */
    public static LocalDate day(@Nullable String value, String name, LocalDate fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return inRange(LocalDate.parse(value.strip()), name, value);
        } catch (java.time.DateTimeException e) {
            throw new ApiException(400, "invalid-" + name, name + " must be a day as YYYY-MM-DD, got '" + value + "'");
        }
    }

    /**
     * The days a query may name, 1970-01-02 to 9999-12-30: a day and its neighbours in any time zone stay
     * within Firestore's timestamps (years 1 to 9999) and date arithmetic never overflows (a 500 before).
     */
    static final LocalDate FIRST_DAY = LocalDate.of(1970, 1, 2);
    static final LocalDate LAST_DAY = LocalDate.of(9999, 12, 30);

    private static LocalDate inRange(LocalDate day, String name, String value) {
        if (day.isBefore(FIRST_DAY) || day.isAfter(LAST_DAY)) {
            throw new ApiException(400, "invalid-" + name, name + " must lie between " + FIRST_DAY + " and " + LAST_DAY
                    + ", got '" + value + "'");
        }
        return day;
    }

    /**
     * A bound of a time range: {@code YYYY-MM-DD} (the start of that day in {@code zone}; with
     * {@code endOfDay}, the start of the next day) or an ISO instant ({@code 2026-10-13T08:00:00Z}).
     */
    public static Instant bound(@Nullable String value, String name, ZoneId zone, boolean endOfDay, Instant fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        String text = value.strip();
        try {
            if (text.length() == 10) {
                LocalDate day = inRange(LocalDate.parse(text), name, value);
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay(zone).toInstant();
            }
            Instant instant = Instant.parse(text);
            inRange(instant.atZone(java.time.ZoneOffset.UTC).toLocalDate(), name, value);
            return instant;
        } catch (java.time.DateTimeException e) {
            throw new ApiException(400, "invalid-" + name, name + " must be YYYY-MM-DD or an ISO instant"
                    + " (2026-10-13T08:00:00Z), got '" + value + "'");
        }
    }
}
