package com.returnsorter.pages;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;

/**
 * A point in time on a page, drawn by {@code partials/moment.jte} as {@code <time datetime="iso">text</time>}
 * and, when given, a muted "(in 5 h 12 min)" after it.
 *
 * @param iso      the machine-readable time, e.g. {@code 2026-03-04T02:00:00+01:00}
 * @param text     what people read, e.g. {@code Wed 4 Mar 2026, 02:00}
 * @param relative e.g. {@code in 5 h 12 min}, {@code 3 days ago}, {@code now}; null for none
 */
@Introspected
public record Moment(String iso, String text, @Nullable String relative) {

    public Moment(String iso, String text) {
        this(iso, text, null);
    }
}
