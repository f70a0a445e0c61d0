package com.returnsorter.report.decisions;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The body of {@code POST /review/decisions}, as JSON or as a form.
 *
 * @param object     the photo's key, {@code review/<Cat>/<name>} (or {@code rejected/<name>} to file a
 *                   rejected photo under a category)
 * @param decision   {@code approve}, {@code correct} or {@code reject}
 * @param category   the person's category; required for {@code correct}
 * @param note       free text kept with the decision
 * @param generation the version of the photo the person saw (the page sends it); a newer version is a 409
 */
@Serdeable
public record DecisionRequest(@Nullable String object, @Nullable String decision, @Nullable String category,
                              @Nullable String note, @Nullable Long generation) {
}
