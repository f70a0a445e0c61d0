package com.returnsorter.inference;

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
 */
public record DecodedImage(int width, int height, int[] argb, ImageFormat format, int sourceWidth, int sourceHeight) {

    public DecodedImage {
        if (width <= 0 || height <= 0 || argb.length != width * height) {
            throw new IllegalArgumentException("pixel array does not match " + width + "x" + height);
        }
    }
}
