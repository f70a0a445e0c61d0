package com.returnsorter.inference;

/**
 * Limits applied while decoding, before the cost is paid.
 *
 * @param maxBytes      largest encoded image accepted
 * @param maxPixels     largest width × height accepted, read from the header before any pixel is decoded
 * @param maxDecodeSide images whose longest side exceeds this are subsampled while decoding (every
 *                      k-th pixel), which bounds memory per decode; the model card's preprocessing
 *                      states the value so that training and serving see the same pixels
 */
public record DecoderLimits(long maxBytes, long maxPixels, int maxDecodeSide) {

    public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;
    public static final long DEFAULT_MAX_PIXELS = 40_000_000L;
    public static final int DEFAULT_MAX_DECODE_SIDE = 1024;

    public DecoderLimits {
        if (maxBytes <= 0 || maxPixels <= 0 || maxDecodeSide <= 0) {
            throw new IllegalArgumentException("decoder limits must be positive");
        }
    }

    public static DecoderLimits defaults() {
        return new DecoderLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS, DEFAULT_MAX_DECODE_SIDE);
    }

    /** The subsampling step k for an image of the given size: ceil(longest side / maxDecodeSide). */
    int subsampling(int width, int height) {
        int longest = Math.max(width, height);
        return longest <= maxDecodeSide ? 1 : (longest + maxDecodeSide - 1) / maxDecodeSide;
    }
}
