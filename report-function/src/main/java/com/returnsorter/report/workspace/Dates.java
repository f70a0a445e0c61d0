package com.returnsorter.report.workspace;

import com.returnsorter.service.api.ApiException;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

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
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new ApiException(400, "invalid-" + name, name + " must be a day as YYYY-MM-DD, got '" + value + "'");
        }
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
                LocalDate day = LocalDate.parse(text);
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay(zone).toInstant();
            }
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new ApiException(400, "invalid-" + name, name + " must be YYYY-MM-DD or an ISO instant"
                    + " (2026-10-13T08:00:00Z), got '" + value + "'");
        }
    }
}
