package com.returnsorter.inference;

import static com.returnsorter.inference.HeaderInspector.plus;
import static com.returnsorter.inference.HeaderInspector.times;

/**
 * GIF: the logical screen and every frame's image descriptor. The JDK's GIF reader decodes the first
 * frame into an indexed image of that frame's (subsampled) size through a one-row buffer; it never
 * allocates the logical screen. Every declared size is still held to the pixel limit.
 */
final class GifHeader {

    private GifHeader() {
    }

    static ImageHeader inspect(HeaderBytes in, DecoderLimits limits) throws ImageRejectedException {
        int screenWidth = in.u16le(6);
        int screenHeight = in.u16le(8);
        HeaderInspector.checkPixels(ImageFormat.GIF, "logical screen", screenWidth, screenHeight, limits);
        int flags = in.u8(10);
        long offset = 13;
        if ((flags & 0x80) != 0) {
            offset += 3L * (1 << ((flags & 0x07) + 1));
        }
        int firstWidth = 0;
        int firstHeight = 0;
        int frames = 0;
        while (in.has(offset, 1)) {
            int block = in.u8(offset);
            if (block == 0x3B) {
                break; // trailer
            } else if (block == 0x21) {
                offset = skipSubBlocks(in, offset + 2);
            } else if (block == 0x2C) {
                int width = in.u16le(offset + 5);
                int height = in.u16le(offset + 7);
                frames++;
                HeaderInspector.checkPixels(ImageFormat.GIF, "frame " + frames, width, height, limits);
                if (frames == 1) {
                    firstWidth = width;
                    firstHeight = height;
                }
                int imageFlags = in.u8(offset + 9);
                offset += 10;
                if ((imageFlags & 0x80) != 0) {
                    offset += 3L * (1 << ((imageFlags & 0x07) + 1));
                }
                offset = skipSubBlocks(in, offset + 1); // after the LZW minimum code size
            } else if (frames > 0) {
                break; // junk after the first frame: the reader only needs the first
            } else {
                throw in.corrupt("unknown block 0x" + Integer.toHexString(block) + " at byte " + offset);
            }
        }
        if (frames == 0) {
            throw in.corrupt("no image descriptor");
        }
        long heap = plus(HeaderInspector.outputBytes(firstWidth, firstHeight, 1, limits), times(firstWidth, 2));
        return new ImageHeader(ImageFormat.GIF, firstWidth, firstHeight, heap, 0,
                "a first frame of " + firstWidth + "x" + firstHeight + " (" + frames + " frames)");
    }

    /** Skips data sub-blocks up to and including the zero-length terminator; stops at the end of the file. */
    private static long skipSubBlocks(HeaderBytes in, long offset) throws ImageRejectedException {
        while (in.has(offset, 1)) {
            int size = in.u8(offset);
            offset += 1 + size;
            if (size == 0) {
                return offset;
            }
        }
        return in.length();
    }
}
