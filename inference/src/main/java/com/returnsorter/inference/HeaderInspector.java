package com.returnsorter.inference;

import com.returnsorter.inference.ImageRejectedException.Reason;

/**
 * Reads the header fields that decide how much memory a decode needs, for each supported format,
 * and computes that amount before any decoder runs. The figures model what the JDK's and
 * TwelveMonkeys' readers really allocate (read in their sources, see docs/decoding-limits.md): a
 * PNG or TIFF reader allocates rows (or strips and tiles) as wide as the header says, whatever
 * the subsampling; a lossless WebP is decoded into a full-size raster; a progressive JPEG keeps
 * every coefficient. A header whose numbers do not add up is {@code corrupt}; one whose image or
 * buffers are too big is {@code too-many-pixels}. Walks the bytes in place, never copies them.
 */
final class HeaderInspector {

    /** Bytes of the ARGB copy and of the upright (EXIF-rotated) copy made for each output pixel. */
    private static final int OUTPUT_COPY_BYTES_PER_PIXEL = 8;
    /** Working memory every reader needs whatever the image (stream buffers, inflater, tables). */
    static final long FIXED_OVERHEAD = 256L * 1024;

    private HeaderInspector() {
    }

    static ImageHeader inspect(byte[] bytes, ImageFormat format, DecoderLimits limits) throws ImageRejectedException {
        return inspect(bytes, format, limits, 0);
    }

    /** As {@link #inspect(byte[], ImageFormat, DecoderLimits)}, for a decoder that reduces luma to {@code lumaWorkingSide} (0: none). */
    static ImageHeader inspect(byte[] bytes, ImageFormat format, DecoderLimits limits, int lumaWorkingSide)
            throws ImageRejectedException {
        ImageHeader header = switch (format) {
            case PNG -> PngHeader.inspect(new HeaderBytes(bytes, "PNG"), limits);
            case JPEG -> JpegHeader.inspect(new HeaderBytes(bytes, "JPEG"), limits, lumaWorkingSide);
            case GIF -> GifHeader.inspect(new HeaderBytes(bytes, "GIF"), limits);
            case BMP -> BmpHeader.inspect(new HeaderBytes(bytes, "BMP"), limits);
            case WEBP -> WebpHeader.inspect(new HeaderBytes(bytes, "WebP"), limits);
            case TIFF -> TiffHeader.inspect(new HeaderBytes(bytes, "TIFF"), limits);
            default -> throw new ImageRejectedException(Reason.UNSUPPORTED_FORMAT, format.formatName() + " is not supported");
        };
        if (lumaWorkingSide > 0 && header.lumaStep() == 0) {
            // Decoded as ARGB, then reduced: the reduction's sums and planes come on top.
            header = new ImageHeader(header.format(), header.width(), header.height(),
                    plus(header.heapBytes(), lumaPlaneBytes(header.width(), header.height(), lumaWorkingSide)),
                    header.nativeBytes(), header.largest(), header.metadataDamage(), 0);
        }
        return header;
    }

    /** Heap of a luma reduction's output: block sums, the plane and its upright copy (8 bytes each per block). */
    static long lumaPlaneBytes(long width, long height, int workingSide) {
        long k = Math.max(1, ceilDiv(Math.max(width, height), workingSide));
        return times(ceilDiv(width, k), ceilDiv(height, k), 24);
    }

    /** Rejects a declared size that is empty or over the pixel limit; {@code what} names the frame, strip… */
    static void checkPixels(ImageFormat format, String what, long width, long height, DecoderLimits limits)
            throws ImageRejectedException {
        if (width <= 0 || height <= 0) {
            throw new ImageRejectedException(Reason.CORRUPT, "the " + format.formatName() + " header declares "
                    + what + " of " + width + "x" + height + " pixels");
        }
        long pixels = width * height;
        if (pixels > limits.maxPixels()) {
            throw new ImageRejectedException(Reason.TOO_MANY_PIXELS, "the " + what + " is " + width + "x" + height
                    + " (" + pixels + " pixels); the limit is " + limits.maxPixels() + " pixels");
        }
    }

    /**
     * Heap for what every decode produces: the destination image at the subsampled size (the readers
     * allocate it at that size) with {@code destinationBytesPerPixel}, the ARGB copy and the upright copy.
     */
    static long outputBytes(int width, int height, int destinationBytesPerPixel, DecoderLimits limits) {
        int step = limits.subsampling(width, height);
        long outWidth = (width + step - 1) / step;
        long outHeight = (height + step - 1) / step;
        return outWidth * outHeight * (destinationBytesPerPixel + OUTPUT_COPY_BYTES_PER_PIXEL) + FIXED_OVERHEAD;
    }

    /** Saturating multiply, so hostile header values cannot overflow into a small cost. */
    static long times(long... factors) {
        long product = 1;
        for (long factor : factors) {
            if (factor <= 0) {
                return 0;
            }
            if (product > Long.MAX_VALUE / factor) {
                return Long.MAX_VALUE;
            }
            product *= factor;
        }
        return product;
    }

    static long plus(long... terms) {
        long sum = 0;
        for (long term : terms) {
            sum = term > Long.MAX_VALUE - sum ? Long.MAX_VALUE : sum + term;
        }
        return sum;
    }

    static long ceilDiv(long value, long divisor) {
        return (value + divisor - 1) / divisor;
    }
}
