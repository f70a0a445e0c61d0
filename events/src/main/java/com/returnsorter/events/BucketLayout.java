package com.returnsorter.events;

/**
 * Where photos live in the returns bucket (DESIGN.md "The nightly flow"), shared by the nightly sort
 * (batch) and the morning workspace (report): photos arrive in {@code incoming/} and end in
 * {@code processed/<Category>/}, {@code review/<Category>/} or {@code rejected/}.
 */
public final class BucketLayout {

    public static final String INCOMING = "incoming/";
    public static final String PROCESSED = "processed/";
    public static final String REVIEW = "review/";
    public static final String REJECTED = "rejected/";

    /** The folder segment of a category without a usable name. */
    public static final String UNKNOWN_CATEGORY = "Unknown";

    private static final int MAX_SEGMENT = 100;

    private BucketLayout() {
    }

    /**
     * A model label as one safe path segment: {@code T-shirt/top} becomes {@code T-shirt_top}.
     * Letters (any script), digits, space, {@code -}, {@code _} and {@code .} are kept; anything else
     * becomes {@code _}; a label that would be empty, {@code .} or {@code ..} becomes {@code Unknown}.
     */
    public static String categorySegment(String category) {
        if (category == null) {
            return UNKNOWN_CATEGORY;
        }
        StringBuilder safe = new StringBuilder(category.length());
        category.strip().codePoints().forEach(c -> safe.appendCodePoint(
                Character.isLetterOrDigit(c) || c == ' ' || c == '-' || c == '_' || c == '.' ? c : '_'));
        String segment = safe.toString().strip();
        if (segment.length() > MAX_SEGMENT) {
            segment = segment.substring(0, MAX_SEGMENT);
        }
        return segment.isEmpty() || segment.chars().allMatch(c -> c == '.') ? UNKNOWN_CATEGORY : segment;
    }
}
