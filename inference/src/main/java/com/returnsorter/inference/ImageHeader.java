package com.returnsorter.inference;

/**
 * What an image's header says its decode will cost, computed from header fields alone before any
 * decoder runs.
 *
 * @param format      the format
 * @param width       width of the image that will be decoded (the first frame, page or canvas)
 * @param height      its height
 * @param heapBytes   the Java heap the decode allocates at its peak: the reader's row, strip, tile or
 *                    full-size buffers, the (subsampled) destination, and the ARGB copy
 * @param nativeBytes native memory the decode allocates (the JPEG library's coefficient or row buffers)
 * @param largest     which buffer dominates, for the rejection message (e.g. "rows of 40000000 RGBA pixels")
 * @param metadataDamage what is wrong with metadata the reader would otherwise allocate from (an ICC profile
 *                    whose header declares more bytes than the file holds), or null; the decoder then reads
 *                    the pixels without that metadata and reports it as a warning
 * @param lumaStep    for a decoder that reduces luma ({@link Preprocessor#lumaWorkingSide()} &gt; 0) and a JPEG
 *                    whose luma the JPEG library can deliver directly (YCbCr or gray): the source subsampling of
 *                    that luma decode (1: every pixel; more only when the full-size luma would not fit the
 *                    per-image heap), and {@code heapBytes} is computed for it; 0 otherwise
 */
public record ImageHeader(ImageFormat format, int width, int height, long heapBytes, long nativeBytes, String largest,
                          String metadataDamage, int lumaStep) {

    /** A header without a direct luma decode. */
    public ImageHeader(ImageFormat format, int width, int height, long heapBytes, long nativeBytes, String largest,
                       String metadataDamage) {
        this(format, width, height, heapBytes, nativeBytes, largest, metadataDamage, 0);
    }

    /** A header with intact (or no) metadata. */
    public ImageHeader(ImageFormat format, int width, int height, long heapBytes, long nativeBytes, String largest) {
        this(format, width, height, heapBytes, nativeBytes, largest, null);
    }
}
