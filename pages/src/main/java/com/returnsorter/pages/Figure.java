package com.returnsorter.pages;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;

/**
 * A headline figure, drawn by {@code partials/figure.jte}: a label, a big value and an optional hint.
 *
 * @param kind its CSS class, the colour of the top edge ({@code sorted}, {@code review}, {@code rejected},
 *             {@code failed}, {@code left}, {@code rate}, or "" for neutral)
 */
@Introspected
public record Figure(String kind, String label, String value, @Nullable String hint) {

    public Figure(String kind, String label, String value) {
        this(kind, label, value, null);
    }
}
