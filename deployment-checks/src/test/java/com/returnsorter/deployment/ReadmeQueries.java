package com.returnsorter.deployment;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's table "Firestore console: queries and their indexes": each query's collection and
 * filters, the composite index the README states for it, and the one its filters need by Firestore's
 * rule (equality fields, then a range field, then the order field; none when one field does it all).
 */
final class ReadmeQueries {

    record Query(String name, String collection, String filters, Optional<String> statedIndex) {

        /** "items: status ASC, confidence DESC", or empty when a single-field index serves the query. */
        Optional<String> neededIndex() {
            Set<String> fields = new LinkedHashSet<>();
            List<String> parts = new ArrayList<>();
            Matcher filter = FILTER.matcher(filters);
            String range = null;
            while (filter.find()) {
                String field = filter.group(1);
                if (filter.group(2).equals("==") || filter.group(2).equals("in")) {
                    if (fields.add(field)) {
                        parts.add(field + " ASC");
                    }
                } else {
                    range = field;
                }
            }
            Matcher order = ORDER.matcher(filters);
            if (!order.find()) {
                throw new IllegalStateException("query \"" + name + "\" has no order: " + filters);
            }
            String orderField = order.group(1);
            if (range != null && !range.equals(orderField) && fields.add(range)) {
                parts.add(range + " ASC");
            }
            fields.add(orderField);
            parts.add(orderField + " " + order.group(2).toUpperCase());
            return fields.size() < 2 ? Optional.empty() : Optional.of(collection + ": " + String.join(", ", parts));
        }
    }

    private static final String HEADING = "### Firestore console: queries and their indexes";
    private static final Pattern FILTER = Pattern.compile("`(\\w+) (==|in|>=|<=|>|<) [^`]*`");
    private static final Pattern ORDER = Pattern.compile("order `(\\w+)` (asc|desc)");
    private static final Pattern INDEX = Pattern.compile("^`(\\w+)`(?: \\(collection\\))?: (.+)$");
    private static final Pattern INDEX_FIELD = Pattern.compile("`(\\w+)` (ASC|DESC)");

    private ReadmeQueries() {
    }

    static List<Query> parse(String readme) {
        int start = readme.indexOf(HEADING);
        if (start < 0) {
            throw new IllegalStateException("README.md has no section \"" + HEADING + "\"");
        }
        List<Query> queries = new ArrayList<>();
        boolean header = true;
        for (String line : readme.substring(start).lines().skip(1).toList()) {
            if (line.startsWith("#")) {
                break;
            }
            if (!line.startsWith("|")) {
                continue;
            }
            if (header || line.startsWith("|---")) {
                header = line.startsWith("| query") || (header && !line.startsWith("|---"));
                continue;
            }
            String[] cells = line.split("\\|");
            String name = cells[1].strip();
            String path = cells[2].strip().replace("`", "");
            String collection = path.substring(path.lastIndexOf('/') + 1);
            queries.add(new Query(name, collection, cells[3].strip(), index(cells[4].strip(), name)));
        }
        return queries;
    }

    private static Optional<String> index(String cell, String query) {
        if (cell.startsWith("none")) {
            return Optional.empty();
        }
        Matcher m = INDEX.matcher(cell);
        if (!m.matches()) {
            throw new IllegalStateException("cannot read the index of \"" + query + "\": " + cell);
        }
        List<String> fields = new ArrayList<>();
        Matcher field = INDEX_FIELD.matcher(m.group(2));
        while (field.find()) {
            fields.add(field.group(1) + " " + field.group(2));
        }
        return Optional.of(m.group(1) + ": " + String.join(", ", fields));
    }
}
