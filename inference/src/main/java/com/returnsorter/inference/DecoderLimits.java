package com.returnsorter.inference;

import java.time.Duration;

/**
 * Limits applied while decoding, each checked before its cost is paid. Every value, its reason and
 * the comparable setting of libvips and Pillow are listed in {@code docs/decoding-limits.md}.
 *
 * @param maxBytes              largest encoded image accepted
 * @param maxPixels             largest width × height accepted for the image, and for every frame, strip,
 *                              tile, canvas or directory its header declares
 * @param maxDecodeSide         images whose longest side exceeds this are subsampled while decoding (every
 *                              k-th pixel), which bounds memory per decode; the model card's preprocessing
 *                              states the value so that training and serving see the same pixels
 * @param maxDecodeHeapBytes    most Java heap one decode may allocate, as computed from the header
 *                              ({@link ImageHeader#heapBytes()}: row buffers, full-size rasters a reader
 *                              needs, the destination and its ARGB copy)
 * @param maxDecodeNativeBytes  most native memory one decode may allocate (the JPEG decoder's coefficient
 *                              buffers for progressive and multi-scan JPEGs)
 * @param maxRequestDecodeBytes what one request's images may hold at once, shared through a
 *                              {@link DecodeBudget} (see {@link ImageDecoder#newRequestBudget()})
 * @param maxJpegScans          most start-of-scan markers a JPEG may have; each progressive scan re-reads the
 *                              whole coefficient buffer, so scans multiply decoding time
 * @param maxTiffDirectories    most image file directories (pages) a TIFF may chain
 * @param decodeTimeout         how long one decode may run before it is stopped (reader aborted, input
 *                              cut off) and the image rejected as {@code decode-timeout}
 */
public record DecoderLimits(long maxBytes, long maxPixels, int maxDecodeSide, long maxDecodeHeapBytes,
                            long maxDecodeNativeBytes, long maxRequestDecodeBytes, int maxJpegScans,
                            int maxTiffDirectories, Duration decodeTimeout) {

    public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;
    public static final long DEFAULT_MAX_PIXELS = 40_000_000L;
    public static final int DEFAULT_MAX_DECODE_SIDE = 1024;
    public static final long DEFAULT_MAX_DECODE_HEAP_BYTES = 32L * 1024 * 1024;
    public static final long DEFAULT_MAX_DECODE_NATIVE_BYTES = 160L * 1024 * 1024;
    public static final long DEFAULT_MAX_REQUEST_DECODE_BYTES = 64L * 1024 * 1024;
    public static final int DEFAULT_MAX_JPEG_SCANS = 100;
    public static final int DEFAULT_MAX_TIFF_DIRECTORIES = 64;
    public static final Duration DEFAULT_DECODE_TIMEOUT = Duration.ofSeconds(5);

    public DecoderLimits {
        if (maxBytes <= 0 || maxPixels <= 0 || maxDecodeSide <= 0 || maxDecodeHeapBytes <= 0
                || maxDecodeNativeBytes <= 0 || maxRequestDecodeBytes <= 0 || maxJpegScans <= 0
                || maxTiffDirectories <= 0 || decodeTimeout == null || decodeTimeout.isNegative() || decodeTimeout.isZero()) {
            throw new IllegalArgumentException("decoder limits must be positive");
        }
    }

    /** The three limits that existed first; the others take their defaults. */
    public DecoderLimits(long maxBytes, long maxPixels, int maxDecodeSide) {
        this(maxBytes, maxPixels, maxDecodeSide, DEFAULT_MAX_DECODE_HEAP_BYTES, DEFAULT_MAX_DECODE_NATIVE_BYTES,
                DEFAULT_MAX_REQUEST_DECODE_BYTES, DEFAULT_MAX_JPEG_SCANS, DEFAULT_MAX_TIFF_DIRECTORIES,
                DEFAULT_DECODE_TIMEOUT);
    }

    public static DecoderLimits defaults() {
        return new DecoderLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS, DEFAULT_MAX_DECODE_SIDE);
    }

    public DecoderLimits withDecodeTimeout(Duration timeout) {
        return new DecoderLimits(maxBytes, maxPixels, maxDecodeSide, maxDecodeHeapBytes, maxDecodeNativeBytes,
                maxRequestDecodeBytes, maxJpegScans, maxTiffDirectories, timeout);
    }

    public DecoderLimits withMaxJpegScans(int scans) {
        return new DecoderLimits(maxBytes, maxPixels, maxDecodeSide, maxDecodeHeapBytes, maxDecodeNativeBytes,
                maxRequestDecodeBytes, scans, maxTiffDirectories, decodeTimeout);
    }

    public DecoderLimits withMaxRequestDecodeBytes(long bytes) {
        return new DecoderLimits(maxBytes, maxPixels, maxDecodeSide, maxDecodeHeapBytes, maxDecodeNativeBytes,
                bytes, maxJpegScans, maxTiffDirectories, decodeTimeout);
    }

    /** The subsampling step k for an image of the given size: ceil(longest side / maxDecodeSide). */
    int subsampling(int width, int height) {
        int longest = Math.max(width, height);
        return longest <= maxDecodeSide ? 1 : (longest + maxDecodeSide - 1) / maxDecodeSide;
    }
}
