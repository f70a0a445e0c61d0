package com.returnsorter.events;

/** The confidence bands of {@link RunSummary.ConfidenceDistribution}. */
public final class ConfidenceBands {

    /** Above this a prediction counts as high confidence. */
    public static final double HIGH = 0.85;
    /** Below this a photo goes to review and counts as low confidence (configurable in the batch). */
    public static final double DEFAULT_REVIEW_THRESHOLD = 0.70;

    public enum Band { HIGH, MEDIUM, LOW }

    private ConfidenceBands() {
    }

    public static Band of(double confidence, double reviewThreshold) {
        if (confidence > HIGH) {
            return Band.HIGH;
        }
        return confidence < reviewThreshold ? Band.LOW : Band.MEDIUM;
    }
}
