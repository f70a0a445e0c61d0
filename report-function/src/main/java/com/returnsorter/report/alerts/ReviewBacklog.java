package com.returnsorter.report.alerts;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * What one look at {@code review/} found: the photos that waited there longer than
 * {@code alerts.review-backlog-days}.
 *
 * @param overdue        how many photos are overdue (a lower bound when {@code listingStopped})
 * @param listed         how many objects the look listed
 * @param listingStopped true when the listing stopped at its limit, so more may wait
 * @param oldestKey      the key of the photo that waited longest; null when none is overdue
 * @param oldestSince    when that photo arrived in {@code review/}; null when none is overdue
 * @param examples       a few overdue keys, the oldest first
 */
public record ReviewBacklog(int overdue, int listed, boolean listingStopped, @Nullable String oldestKey,
                            @Nullable Instant oldestSince, List<String> examples) {

    public ReviewBacklog {
        examples = List.copyOf(examples);
    }
}
