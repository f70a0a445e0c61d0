package com.returnsorter.inference;

import com.returnsorter.inference.ImageRejectedException.Reason;

import static com.returnsorter.inference.HeaderInspector.plus;
import static com.returnsorter.inference.HeaderInspector.times;

/**
 * BMP: the info header's width, height, bits per pixel and compression. Counted as if the reader held
 * the whole bitmap at full size (the JDK's reader reads an RLE bitmap's compressed data whole, sized
 * by the header's image-size field, and can expand to full size); an uncompressed BMP of 10 MB can
 * only hold a few megapixels anyway. BMPs wrapping a JPEG or PNG are refused: their real size is in
 * the embedded stream.
 */
final class BmpHeader {

    private static final int RLE8 = 1;
    private static final int RLE4 = 2;

    private BmpHeader() {
    }

    static ImageHeader inspect(HeaderBytes in, DecoderLimits limits) throws ImageRejectedException {
        long fileSize = in.u32le(2);
        long pixelOffset = in.u32le(10);
        long infoSize = in.u32le(14);
        long width;
        long height;
        int bitsPerPixel;
        long compression = 0;
        long imageSize = 0;
        if (infoSize == 12) {
            width = in.u16le(18);
            height = in.u16le(20);
            bitsPerPixel = in.u16le(24);
        } else if (infoSize == 16 || infoSize == 40 || infoSize == 52 || infoSize == 56 || infoSize == 64
                || infoSize == 108 || infoSize == 124) {
            width = (int) in.u32le(18);
            height = Math.abs((long) (int) in.u32le(22));
            bitsPerPixel = in.u16le(28);
            if (infoSize >= 40) {
                compression = in.u32le(30);
                imageSize = in.u32le(34);
            }
        } else {
            throw in.corrupt("an info header of " + infoSize + " bytes");
        }
        if (compression == 4 || compression == 5) {
            throw new ImageRejectedException(Reason.UNSUPPORTED_FORMAT,
                    "a BMP wrapping a " + (compression == 4 ? "JPEG" : "PNG") + " is not supported; send the JPEG or PNG itself");
        }
        HeaderInspector.checkPixels(ImageFormat.BMP, "image", width, height, limits);
        if (bitsPerPixel != 1 && bitsPerPixel != 2 && bitsPerPixel != 4 && bitsPerPixel != 8 && bitsPerPixel != 16
                && bitsPerPixel != 24 && bitsPerPixel != 32) {
            throw in.corrupt(bitsPerPixel + " bits per pixel");
        }
        if (compression != 0 && compression != RLE8 && compression != RLE4 && compression != 3 && compression != 6) {
            throw in.corrupt("compression " + compression);
        }
        if (pixelOffset >= in.length()) {
            throw in.corrupt("pixel data at byte " + pixelOffset + " of a " + in.length() + "-byte file");
        }
        long rleInput = 0;
        if (compression == RLE8 || compression == RLE4) {
            // The reader allocates the compressed data whole, sized by imageSize (or fileSize - offset).
            rleInput = imageSize != 0 ? imageSize : fileSize - pixelOffset;
            if (rleInput <= 0 || rleInput > in.length()) {
                throw in.corrupt("it declares " + rleInput + " bytes of RLE data in a " + in.length() + "-byte file");
            }
        }
        long bitmap = times(width, height, Math.max(1, bitsPerPixel / 8));
        long heap = plus(bitmap, rleInput, HeaderInspector.outputBytes((int) width, (int) height, 4, limits));
        return new ImageHeader(ImageFormat.BMP, (int) width, (int) height, heap, 0,
                "a " + width + "x" + height + " bitmap at " + bitsPerPixel + " bits per pixel");
    }
}
