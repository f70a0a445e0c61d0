package com.returnsorter.pages.workspace;

import com.returnsorter.pages.Layout;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * {@code GET /picklists?date=…} (template {@code workspace/picklists}): one list per category of the items
 * that reached {@code processed/} that day, with the warehouse location; printed one category per page.
 *
 * @param date     the day as text ({@code Tue 13 Oct 2026}); {@code dateIso} as {@code 2026-10-13}
 * @param csvHref  the inventory export of the day
 */
@Introspected
public record PickListPage(Layout layout, String date, String dateIso, String previousIso, String nextIso,
                           String zone, List<Group> groups, int total, String csvHref) {

    /** One category's list. */
    @Introspected
    public record Group(String category, @Nullable String code, String location, String count, List<Line> lines) {
    }

    /**
     * One item to pick.
     *
     * @param classified {@code auto-classified} or e.g. {@code approved by anna@…}
     */
    @Introspected
    public record Line(String returnId, String file, String object, @Nullable String confidence, String classified,
                       String lookupHref) {
    }
}
