package com.returnsorter.report.history;

import com.returnsorter.events.ItemStatus;
import com.returnsorter.reports.ItemResult;
import io.micronaut.core.annotation.Creator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One photo of a recorded run: {@code batchRuns/{runId}/items/{itemId}} in Firestore.
 *
 * @param itemId      the row of the photo in {@code results.csv}, zero-padded ({@code 000001}), so a
 *                    redelivered event writes the same documents again and the console lists them in order
 * @param object      the key the photo had in {@code incoming/}
 * @param destination where the photo is now; null when unknown
 * @param category    the predicted category; null when not classified
 * @param confidence  the probability of {@code category}; null when not classified
 * @param error       a stable reason code when the photo was not sorted
 * @param topK        label → probability, highest first; null when not classified or not reported
 * @param processedAt when the run handled the photo
 * @param reviewReason why the photo went to review ({@code low-confidence} or a "not sure" reason); null otherwise
 */
@Serdeable
public record ItemRecord(
        String itemId,
        String object,
        String filename,
        @Nullable String destination,
        @Nullable String category,
        @Nullable Double confidence,
        ItemStatus status,
        @Nullable String error,
        @Nullable String errorMessage,
        @Nullable Map<String, Double> topK,
        Instant processedAt,
        @Nullable String reviewReason) {

    @Creator
    public ItemRecord {
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(processedAt, "processedAt");
    }

    /** A record without a review reason. */
    public ItemRecord(String itemId, String object, String filename, @Nullable String destination,
                      @Nullable String category, @Nullable Double confidence, ItemStatus status, @Nullable String error,
                      @Nullable String errorMessage, @Nullable Map<String, Double> topK, Instant processedAt) {
        this(itemId, object, filename, destination, category, confidence, status, error, errorMessage, topK,
                processedAt, null);
    }

    /** The id of the {@code row}-th photo (1-based) of {@code results.csv}. */
    public static String idOfRow(long row) {
        return String.format(Locale.ROOT, "%06d", row);
    }

    public static ItemRecord of(long row, ItemResult result) {
        return new ItemRecord(idOfRow(row), result.object(), result.filename(), result.destination(),
                result.category(), result.confidence(), result.status(), result.error(), result.errorMessage(),
                result.topK(), result.timestamp(), result.reviewReason());
    }
}
