package com.returnsorter.inference;

import java.util.List;

/**
 * A decoded photo as non-premultiplied sRGB ARGB pixels, upright (EXIF orientation applied),
 * possibly subsampled from a larger original.
 *
 * @param width        width of {@code argb} in pixels
 * @param height       height of {@code argb} in pixels
 * @param argb         row-major pixels, {@code 0xAARRGGBB}
 * @param format       the format the bytes were in
 * @param sourceWidth  width declared by the file (before subsampling and orientation)
 * @param sourceHeight height declared by the file
 * @param warnings     what was wrong but did not stop the decode, for people (e.g. a damaged ICC profile
 *                     that was ignored, so colours were read as sRGB); empty for a clean file
 */
public record DecodedImage(int width, int height, int[] argb, ImageFormat format, int sourceWidth, int sourceHeight,
                           List<String> warnings) {

    public DecodedImage {
        if (width <= 0 || height <= 0 || argb.length != (long) width * height) {
            throw new IllegalArgumentException("pixel array does not match " + width + "x" + height);
        }
        warnings = List.copyOf(warnings);
    }

    /** A decoded image without warnings. */
    public DecodedImage(int width, int height, int[] argb, ImageFormat format, int sourceWidth, int sourceHeight) {
        this(width, height, argb, format, sourceWidth, sourceHeight, List.of());
    }

    DecodedImage withWarnings(List<String> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<String> all = new java.util.ArrayList<>(warnings);
        all.addAll(more);
        return new DecodedImage(width, height, argb, format, sourceWidth, sourceHeight, all);
    }
}
