package com.returnsorter.pages;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;

/**
 * A small coloured label with a word, drawn by {@code partials/badge.jte}: {@code <span class="badge success">
 * <span aria-hidden="true">✓</span> Success</span>}. The word is always there, so colour is never the only sign.
 *
 * @param kind its CSS class ({@code success}, {@code partial}, {@code failed}, {@code dry}, {@code critical}, …)
 * @param icon a symbol before the word, hidden from screen readers; null for none
 */
@Introspected
public record Badge(String kind, @Nullable String icon, String word) {
}
