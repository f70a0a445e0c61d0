package com.returnsorter.inference;

import static com.returnsorter.inference.HeaderInspector.ceilDiv;
import static com.returnsorter.inference.HeaderInspector.plus;
import static com.returnsorter.inference.HeaderInspector.times;

/**
 * WebP: the VP8X canvas and each VP8 (lossy) or VP8L (lossless) bitstream's own size. TwelveMonkeys'
 * lossless decoder decodes into a full-size 4-byte raster when subsampling (plus transform and
 * Huffman-group images), and lossless-compressed alpha into another full-size 4-byte raster; the lossy
 * decoder keeps per-macroblock state (about 120 bytes per 16×16 block). Every chunk must fit in the file.
 */
final class WebpHeader {

    private static final long BYTES_PER_MACROBLOCK = 160;

    private WebpHeader() {
    }

    static ImageHeader inspect(HeaderBytes in, DecoderLimits limits) throws ImageRejectedException {
        long width = 0;
        long height = 0;
        long lossless = 0;
        long lossy = 0;
        boolean alpha = false;
        String metadataDamage = null;
        long offset = 12;
        while (in.has(offset, 8)) {
            String type = in.fourCc(offset);
            long size = in.u32le(offset + 4);
            long data = offset + 8;
            if (!in.has(data, size)) {
                throw in.corrupt("chunk " + type.strip() + " declares " + size + " bytes but the file ends first");
            }
            switch (type) {
                case "VP8X" -> {
                    long canvasWidth = in.u24le(data + 4) + 1L;
                    long canvasHeight = in.u24le(data + 7) + 1L;
                    HeaderInspector.checkPixels(ImageFormat.WEBP, "canvas", canvasWidth, canvasHeight, limits);
                    width = Math.max(width, canvasWidth);
                    height = Math.max(height, canvasHeight);
                }
                case "VP8 " -> {
                    if (in.u8(data + 3) != 0x9D || in.u8(data + 4) != 0x01 || in.u8(data + 5) != 0x2A) {
                        throw in.corrupt("no VP8 start code");
                    }
                    long w = in.u16le(data + 6) & 0x3FFF;
                    long h = in.u16le(data + 8) & 0x3FFF;
                    HeaderInspector.checkPixels(ImageFormat.WEBP, "VP8 frame", w, h, limits);
                    width = Math.max(width, w);
                    height = Math.max(height, h);
                    lossy = Math.max(lossy, times(ceilDiv(w, 16), ceilDiv(h, 16)));
                }
                case "VP8L" -> {
                    if (in.u8(data) != 0x2F) {
                        throw in.corrupt("no VP8L signature");
                    }
                    long bits = in.u32le(data + 1);
                    long w = (bits & 0x3FFF) + 1;
                    long h = ((bits >> 14) & 0x3FFF) + 1;
                    HeaderInspector.checkPixels(ImageFormat.WEBP, "VP8L image", w, h, limits);
                    width = Math.max(width, w);
                    height = Math.max(height, h);
                    lossless = Math.max(lossless, times(w, h));
                }
                case "ALPH" -> alpha = true;
                case "ICCP" -> {
                    // TwelveMonkeys allocates the size the profile's own header declares before reading it.
                    long declared = size >= 4 ? in.u32be(data) : 0;
                    if (declared > size) {
                        // Damaged metadata over pixels that may be intact: read without it (WebpMetadata).
                        metadataDamage = "the ICC profile declares " + declared + " bytes in a " + size + "-byte chunk";
                    }
                }
                default -> {
                    // ICCP, EXIF, XMP, ANIM, ANMF…: only their size matters, checked above
                }
            }
            offset = data + size + (size & 1);
        }
        if (width == 0 || height == 0) {
            throw in.corrupt("no VP8, VP8L or VP8X chunk");
        }
        long canvas = times(width, height);
        long heap = plus(times(lossless, 5), times(lossy, BYTES_PER_MACROBLOCK), alpha ? times(canvas, 5) : 0,
                HeaderInspector.outputBytes((int) width, (int) height, 4, limits));
        String largest = lossless > 0 ? "a lossless " + width + "x" + height + " image decoded at full size"
                : "a lossy " + width + "x" + height + " image" + (alpha ? " with an alpha plane" : "");
        return new ImageHeader(ImageFormat.WEBP, (int) width, (int) height, heap, 0, largest, metadataDamage);
    }
}
