package com.returnsorter.report.api;

import com.returnsorter.service.api.ApiException;
import io.micronaut.core.annotation.Nullable;

import java.util.Locale;

/** Query parameters parsed with a clear 400 when they are wrong. */
final class QueryParameters {

    private QueryParameters() {
    }

    static int integer(@Nullable String value, String name, int defaultValue, int min, int max) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ApiException(400, "invalid-" + name, name + " must be a whole number from " + min + " to " + max
                + ", got '" + value + "'");
    }

    @Nullable
    static Boolean bool(@Nullable String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new ApiException(400, "invalid-" + name, name + " must be true or false, got '" + value + "'");
        };
    }
}
