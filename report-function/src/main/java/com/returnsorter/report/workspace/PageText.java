package com.returnsorter.report.workspace;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the workspace pages write numbers and times (Locale.ROOT, the report's time zone). */
public final class PageText {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ROOT);

    private PageText() {
    }

    /** {@code 0.523} → {@code 52%}. */
    @Nullable
    public static String percent(@Nullable Double probability) {
        return probability == null ? null : Math.round(probability * 100) + "%";
    }

    /** {@code low} below the review threshold's usual 0.70, {@code high} above 0.85, else {@code medium}. */
    public static String level(@Nullable Double probability) {
        if (probability == null) {
            return "low";
        }
        return probability < 0.70 ? "low" : probability > 0.85 ? "high" : "medium";
    }

    public static String time(Instant at, ZoneId zone) {
        return TIME.format(at.atZone(zone));
    }

    public static String day(java.time.LocalDate day) {
        return DAY.format(day);
    }
}
