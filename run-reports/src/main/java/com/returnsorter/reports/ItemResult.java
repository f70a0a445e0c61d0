package com.returnsorter.reports;

import com.returnsorter.events.ItemStatus;
import com.returnsorter.events.RunSummary;
import io.micronaut.core.annotation.Creator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One photo's outcome in a run: a row of {@code results.csv} and an item of the run in Firestore.
 *
 * @param object       the full source key, e.g. {@code incoming/sub dir/a b.jpg}
 * @param filename     the file-name part of {@code object} (see {@link #filenameOf(String)})
 * @param category     the predicted category; null when the photo was not classified
 * @param confidence   the probability of {@code category}, 0..1; null when not classified
 * @param status       what happened to the photo
 * @param timestamp    when the run handled it
 * @param destination  where the photo is now ({@code processed/Coat/a b.jpg}, {@code review/Shirt/x~1.png},
 *                     {@code rejected/y.txt}, or the {@code incoming/} key for {@link ItemStatus#ERROR});
 *                     null when unknown
 * @param error        a stable reason code ({@code not-an-image}, {@code corrupt}, {@code too-large},
 *                     {@code unsupported-media-type}, {@code empty}, {@code timeout},
 *                     {@code predict-unavailable}, {@code store-failure}); null when the photo was classified
 * @param errorMessage human-readable detail of {@code error}
 * @param topK         label → probability, highest first, at most 5 entries; null when not classified
 * @param reviewReason why a photo went to {@code review/}: {@code low-confidence}, or the "not sure" reason of
 *                     the preprocessing profile ({@code several-objects}, {@code blank-frame},
 *                     {@code object-too-small}, {@code cut-off}); null for every other status
 * @param model        the model (name, version) that classified the photo; null when it was not classified
 *                     and in records from before {@code items.jsonl} named it
 */
@Serdeable
public record ItemResult(
        String object,
        String filename,
        @Nullable String category,
        @Nullable Double confidence,
        ItemStatus status,
        Instant timestamp,
        @Nullable String destination,
        @Nullable String error,
        @Nullable String errorMessage,
        @Nullable Map<String, Double> topK,
        @Nullable String reviewReason,
        @Nullable RunSummary.ModelInfo model) {

    /** The review reason of a photo below the review threshold (the model's confidence alone). */
    public static final String LOW_CONFIDENCE = "low-confidence";

    @Creator
    public ItemResult {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /** A result without the model that classified it (journaled; {@code items.jsonl} adds it). */
    public ItemResult(String object, String filename, @Nullable String category, @Nullable Double confidence,
                      ItemStatus status, Instant timestamp, @Nullable String destination, @Nullable String error,
                      @Nullable String errorMessage, @Nullable Map<String, Double> topK, @Nullable String reviewReason) {
        this(object, filename, category, confidence, status, timestamp, destination, error, errorMessage, topK,
                reviewReason, null);
    }

    /** This result naming the model that classified the photo. */
    public ItemResult withModel(@Nullable RunSummary.ModelInfo classifiedBy) {
        return new ItemResult(object, filename, category, confidence, status, timestamp, destination, error,
                errorMessage, topK, reviewReason, classifiedBy);
    }

    /** A result without a review reason (every status but review, or a review from before reasons existed). */
    public ItemResult(String object, String filename, @Nullable String category, @Nullable Double confidence,
                      ItemStatus status, Instant timestamp, @Nullable String destination, @Nullable String error,
                      @Nullable String errorMessage, @Nullable Map<String, Double> topK) {
        this(object, filename, category, confidence, status, timestamp, destination, error, errorMessage, topK, null, null);
    }

    /** The part of an object key after its last {@code /}: {@code incoming/sub dir/a b.jpg} → {@code a b.jpg}. */
    public static String filenameOf(String object) {
        return object.substring(object.lastIndexOf('/') + 1);
    }
}
