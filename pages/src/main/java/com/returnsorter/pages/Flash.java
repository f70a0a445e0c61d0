package com.returnsorter.pages;

import io.micronaut.core.annotation.Introspected;

import java.util.Objects;

/**
 * A one-line message at the top of a page, e.g. after a form was sent: "Photo approved: moved to
 * processed/Coat/a.jpg". Rendered by {@code partials/flash.jte} with {@code role="status"} (or
 * {@code role="alert"} for errors), in the colour of its kind.
 */
@Introspected
public record Flash(Kind kind, String message) {

    public enum Kind {
        SUCCESS, INFO, WARNING, ERROR;

        /** The CSS class: {@code flash success}, … */
        public String cssClass() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Flash {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    public static Flash success(String message) {
        return new Flash(Kind.SUCCESS, message);
    }

    public static Flash info(String message) {
        return new Flash(Kind.INFO, message);
    }

    public static Flash warning(String message) {
        return new Flash(Kind.WARNING, message);
    }

    public static Flash error(String message) {
        return new Flash(Kind.ERROR, message);
    }
}
