package com.returnsorter.pages.workspace;

import com.returnsorter.pages.Layout;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * {@code GET /review} (template {@code workspace/review}): the photos waiting for a person, oldest run
 * first, each with one form per decision (works without JavaScript; {@code review.js} adds the keys).
 *
 * @param tab        {@code review} or {@code rejected}
 * @param formAction where the forms post ({@code /review/decisions?tab=…})
 * @param categories what a person may choose, with their key ({@code 1}…{@code 9}, {@code 0})
 * @param note       e.g. "Showing 200 of 340 photos, oldest run first"; null when all are shown
 */
@Introspected
public record ReviewPage(Layout layout, String tab, String formAction, List<Photo> photos, List<Choice> categories,
                         int total, @Nullable String note) {

    /**
     * One photo.
     *
     * @param number     its place in the queue, from 1
     * @param thumbnail  {@code /photos/…}
     * @param category   the model's category (or the folder's); null when the model could not read the photo
     * @param confidence e.g. {@code 52%}; null when unknown
     * @param level      {@code low}, {@code medium} or {@code high}, for the confidence's colour
     * @param runnersUp  e.g. {@code Pullover 24% · Shirt 12%}; null when none
     * @param run        the run id; null when history does not know the photo
     * @param at         when the run handled it, as text; {@code atIso} the same as ISO-8601
     * @param reason     why a rejected photo was rejected; null otherwise
     */
    @Introspected
    public record Photo(int number, String object, String generation, String name, String thumbnail,
                        @Nullable String category, @Nullable String confidence, String level,
                        @Nullable String runnersUp, @Nullable String run, String at, String atIso,
                        @Nullable String reason) {
    }

    /** A category a reviewer may choose, with its key on the keyboard. */
    @Introspected
    public record Choice(String key, String category) {
    }
}
