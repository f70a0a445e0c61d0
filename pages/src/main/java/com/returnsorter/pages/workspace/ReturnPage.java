package com.returnsorter.pages.workspace;

import com.returnsorter.pages.Layout;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;

/**
 * {@code GET /returns/{returnId}} and {@code GET /returns?q=…} (template {@code workspace/return}): where a
 * return's photo is and what happened to it, or why nothing was found.
 *
 * @param found   the return, or null when the search found none (the layout's flash says why)
 */
@Introspected
public record ReturnPage(Layout layout, @Nullable Found found) {

    /**
     * A return that was found.
     *
     * @param statusKind the badge's CSS class for {@code status}
     * @param present    whether the photo is at {@code object} now
     */
    @Introspected
    public record Found(String displayId, String returnId, String status, String statusKind, String object,
                        boolean present, String thumbnail, @Nullable String category, @Nullable String confidence,
                        @Nullable String location, @Nullable String run, @Nullable String at, @Nullable String atIso,
                        @Nullable String decidedBy) {
    }
}
