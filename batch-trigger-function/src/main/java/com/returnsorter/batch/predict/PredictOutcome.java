package com.returnsorter.batch.predict;

import io.micronaut.core.annotation.Nullable;

/**
 * What asking the predict function about one photo came to.
 *
 * @param kind       how to treat the photo
 * @param prediction the answer when {@link Kind#CLASSIFIED}
 * @param reason     a stable reason code otherwise ({@code not-an-image}, {@code timeout}, {@code predict-5xx} …)
 * @param message    the detail, for the report
 */
public record PredictOutcome(Kind kind, @Nullable PredictionResult prediction, @Nullable String reason,
                             @Nullable String message) {

    public enum Kind {
        /** Classified: move it to its category. */
        CLASSIFIED,
        /** Not a decodable image (corrupt, empty, too large, unsupported): move it to {@code rejected/}. */
        REJECTED,
        /** The object is gone (another run moved it, or someone deleted it): not this run's photo any more. */
        GONE,
        /** A failure that may pass (timeout, 5xx, 429 after retries, refused key): leave it in {@code incoming/}. */
        FAILED,
        /** A failure that no photo will get past (the predict function refuses the batch's credentials). */
        FATAL
    }

    public static PredictOutcome classified(PredictionResult prediction) {
        return new PredictOutcome(Kind.CLASSIFIED, prediction, null, null);
    }

    public static PredictOutcome of(Kind kind, String reason, String message) {
        return new PredictOutcome(kind, null, reason, message);
    }
}
