package com.returnsorter.inference;

import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * A decoded photo, upright (EXIF orientation applied): either non-premultiplied sRGB ARGB pixels,
 * possibly subsampled from a larger original, or — for profiles that ask for it
 * ({@link Preprocessor#lumaWorkingSide()}) — an area-reduced luma plane.
 *
 * @param width        width of the pixels ({@code argb}, or {@code luma} when present)
 * @param height       height of the pixels
 * @param argb         row-major pixels, {@code 0xAARRGGBB}; empty when {@code luma} is given
 * @param format       the format the bytes were in
 * @param sourceWidth  width declared by the file (before subsampling, reduction and orientation)
 * @param sourceHeight height declared by the file
 * @param warnings     what was wrong but did not stop the decode, for people (e.g. a damaged ICC profile
 *                     that was ignored, so colours were read as sRGB); empty for a clean file
 * @param luma         null, or the upright luma (0–255, not rounded) of each {@code k × k} block of the full
 *                     photo, row-major, {@code width × height} values (see {@link LumaReduction})
 * @param reduction    the block side k of {@code luma} in original pixels (1: every pixel); 0 when there is no luma
 */
public record DecodedImage(int width, int height, int[] argb, ImageFormat format, int sourceWidth, int sourceHeight,
                           List<String> warnings, @Nullable double[] luma, int reduction) {

    public DecodedImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("no pixels: " + width + "x" + height);
        }
        if (luma == null ? argb.length != (long) width * height : luma.length != (long) width * height || argb.length != 0) {
            throw new IllegalArgumentException("pixel array does not match " + width + "x" + height);
        }
        warnings = List.copyOf(warnings);
    }

    /** Decoded ARGB pixels with warnings. */
    public DecodedImage(int width, int height, int[] argb, ImageFormat format, int sourceWidth, int sourceHeight,
                        List<String> warnings) {
        this(width, height, argb, format, sourceWidth, sourceHeight, warnings, null, 0);
    }

    /** Decoded ARGB pixels without warnings. */
    public DecodedImage(int width, int height, int[] argb, ImageFormat format, int sourceWidth, int sourceHeight) {
        this(width, height, argb, format, sourceWidth, sourceHeight, List.of(), null, 0);
    }

    /** An area-reduced luma plane. */
    static DecodedImage ofLuma(int width, int height, double[] luma, int reduction, ImageFormat format,
                               int sourceWidth, int sourceHeight) {
        return new DecodedImage(width, height, new int[0], format, sourceWidth, sourceHeight, List.of(), luma, reduction);
    }

    /** Bytes of pixel data this image holds. */
    public long pixelBytes() {
        return argb.length * 4L + (luma == null ? 0 : luma.length * 8L);
    }

    DecodedImage withWarnings(List<String> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<String> all = new java.util.ArrayList<>(warnings);
        all.addAll(more);
        return new DecodedImage(width, height, argb, format, sourceWidth, sourceHeight, all, luma, reduction);
    }
}
