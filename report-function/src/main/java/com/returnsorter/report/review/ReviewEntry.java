package com.returnsorter.report.review;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/**
 * One photo of the review queue.
 *
 * @param object     its key
 * @param generation the version shown (sent back with the decision, so a replaced photo is a 409)
 * @param name       the file name
 * @param category   what the model said (null for a photo the model could not read)
 * @param confidence the model's probability for it
 * @param runnersUp  the next labels the model considered, best first
 * @param runId      the run that put it here; null when history does not know it
 * @param at         when the run handled it (the object's time when history does not know it)
 * @param reason     for a rejected photo: why it was rejected
 */
@Serdeable
public record ReviewEntry(String object, long generation, String name, @Nullable String category,
                          @Nullable Double confidence, List<RunnerUp> runnersUp, @Nullable String runId, Instant at,
                          @Nullable String reason) {

    /** A label the model gave some probability. */
    @Serdeable
    public record RunnerUp(String category, double confidence) {
    }
}
