package com.returnsorter.inference;

import static com.returnsorter.inference.HeaderInspector.ceilDiv;
import static com.returnsorter.inference.HeaderInspector.plus;
import static com.returnsorter.inference.HeaderInspector.times;

/**
 * PNG: IHDR gives width, height, bit depth, colour type and interlace. The JDK's PNG reader inflates
 * row by row into two row buffers (current and previous, {@code rowBytes + bpp} each) and a one-row
 * raster of the full width — for every Adam7 pass too, whose rows are never wider — before it
 * subsamples, so a 40,000,000 × 1 header costs three 160 MB rows. Every chunk's length must fit in the
 * file (a reader allocates a chunk before reading it).
 */
final class PngHeader {

    private PngHeader() {
    }

    static ImageHeader inspect(HeaderBytes in, DecoderLimits limits) throws ImageRejectedException {
        if (in.u32be(8) != 13 || !in.ascii(12, "IHDR")) {
            throw in.corrupt("the first chunk is not a 13-byte IHDR");
        }
        long width = in.u32be(16);
        long height = in.u32be(20);
        int bitDepth = in.u8(24);
        int colourType = in.u8(25);
        int interlace = in.u8(28);
        HeaderInspector.checkPixels(ImageFormat.PNG, "image", width, height, limits);
        if (width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
            throw in.corrupt("a side over 2^31-1");
        }
        int channels = switch (colourType) {
            case 0 -> allowed(in, bitDepth, 1, 2, 4, 8, 16) ? 1 : 0;
            case 2 -> allowed(in, bitDepth, 8, 16) ? 3 : 0;
            case 3 -> allowed(in, bitDepth, 1, 2, 4, 8) ? 1 : 0;
            case 4 -> allowed(in, bitDepth, 8, 16) ? 2 : 0;
            case 6 -> allowed(in, bitDepth, 8, 16) ? 4 : 0;
            default -> throw in.corrupt("colour type " + colourType);
        };
        if (interlace > 1) {
            throw in.corrupt("interlace method " + interlace);
        }
        walkChunks(in);

        long bitsPerPixel = (long) channels * bitDepth;
        long rowBytes = ceilDiv(times(width, bitsPerPixel), 8);
        // Current and previous filter rows (rowBytes + bytes per pixel each), plus the pass row raster.
        long rows = times(3, plus(rowBytes, 8));
        int destinationBytes = Math.max(1, channels * (bitDepth == 16 ? 2 : 1));
        long heap = plus(rows, HeaderInspector.outputBytes((int) width, (int) height, destinationBytes, limits));
        return new ImageHeader(ImageFormat.PNG, (int) width, (int) height, heap, 0,
                "rows of " + width + " pixels at " + bitsPerPixel + " bits (" + rowBytes + " bytes each)"
                        + (interlace == 1 ? ", Adam7-interlaced" : ""));
    }

    private static boolean allowed(HeaderBytes in, int bitDepth, int... depths) throws ImageRejectedException {
        for (int depth : depths) {
            if (depth == bitDepth) {
                return true;
            }
        }
        throw in.corrupt("bit depth " + bitDepth + " is not allowed for its colour type");
    }

    /** Checks every chunk lies inside the file and that image data comes before the end. */
    private static void walkChunks(HeaderBytes in) throws ImageRejectedException {
        long offset = 8;
        boolean imageData = false;
        while (in.has(offset, 8)) {
            long length = in.u32be(offset);
            String type = in.fourCc(offset + 4);
            if (length > Integer.MAX_VALUE || !in.has(offset + 8, length)) {
                if ("IDAT".equals(type) && imageData) {
                    return; // a truncated last IDAT: the reader reports the damage
                }
                throw in.corrupt("chunk " + printable(type) + " declares " + length + " bytes but the file ends first");
            }
            if ("IDAT".equals(type)) {
                imageData = true;
            }
            if ("IEND".equals(type)) {
                break;
            }
            offset += 12 + length;
        }
        if (!imageData) {
            throw in.corrupt("no image data (IDAT) chunk");
        }
    }

    private static String printable(String type) {
        return type.chars().allMatch(c -> c >= 'A' && c <= 'z') ? type : "?";
    }
}
