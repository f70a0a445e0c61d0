package com.returnsorter.pages;

import io.micronaut.core.annotation.Introspected;

import java.util.Arrays;
import java.util.List;

/**
 * A column heading of {@code partials/table.jte}; numeric columns are right-aligned with tabular figures.
 */
@Introspected
public record TableColumn(String label, boolean numeric) {

    public static TableColumn text(String label) {
        return new TableColumn(label, false);
    }

    public static TableColumn number(String label) {
        return new TableColumn(label, true);
    }

    /** Text columns with these headings. */
    public static List<TableColumn> texts(String... labels) {
        return Arrays.stream(labels).map(TableColumn::text).toList();
    }
}
