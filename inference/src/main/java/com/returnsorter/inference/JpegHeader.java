package com.returnsorter.inference;

import com.returnsorter.inference.ImageRejectedException.Reason;

import static com.returnsorter.inference.HeaderInspector.ceilDiv;
import static com.returnsorter.inference.HeaderInspector.plus;
import static com.returnsorter.inference.HeaderInspector.times;

/**
 * JPEG: walks the marker segments (skipping entropy-coded data) to find the frame header (SOF: size,
 * components and their sampling factors) and to count the scans (SOS). The JDK's libjpeg keeps a
 * whole-image coefficient buffer (2 bytes per coefficient, 64 per 8×8 block, per component) for a
 * progressive or multi-scan image, in native memory, and re-reads it for every scan, so scans are
 * counted and capped. A baseline image needs only an MCU row of buffers. TwelveMonkeys' lossless
 * (SOF3) decoder works on the full image in the heap.
 */
final class JpegHeader {

    /**
     * Scans decoded over the whole image, at most: the JDK's libjpeg reads input 4 KB at a time, so a small
     * file is read whole before its scans run and the deadline stream cannot stop them; this bounds that
     * work. A libjpeg progressive image passes about 6 times over its blocks (DC for all components, then
     * AC bands per component).
     */
    static final int MAX_PASSES_PER_BLOCK = 16;
    /** An absolute bound on block decodes (about 3 s of libjpeg work): a 40 Mpx 4:4:4 progressive JPEG needs ~7 million. */
    static final long MAX_BLOCK_PASSES = 12_000_000L;

    private JpegHeader() {
    }

    /** The frame header, the scan count and whether the image is progressive. */
    record Frame(int marker, int precision, int width, int height, int[] h, int[] v, int[] ids, int scans,
                 long sofOffset, String iccDamage, boolean rgb) {

        Frame(int marker, int precision, int width, int height, int[] h, int[] v, int[] ids, int scans,
              long sofOffset, String iccDamage) {
            this(marker, precision, width, height, h, v, ids, scans, sofOffset, iccDamage, false);
        }

        /** 8×8 blocks of each component, padded to whole MCUs as the decoder allocates them. */
        long[] blocks() {
            int hMax = 1;
            int vMax = 1;
            for (int i = 0; i < h.length; i++) {
                hMax = Math.max(hMax, h[i]);
                vMax = Math.max(vMax, v[i]);
            }
            long mcusAcross = ceilDiv(width, 8L * hMax);
            long mcusDown = ceilDiv(height, 8L * vMax);
            long[] blocks = new long[h.length];
            for (int i = 0; i < h.length; i++) {
                blocks[i] = mcusAcross * h[i] * mcusDown * v[i];
            }
            return blocks;
        }

        boolean progressive() {
            return marker == 0xC2 || marker == 0xC6 || marker == 0xCA || marker == 0xCE;
        }

        boolean lossless() {
            return marker == 0xC3 || marker == 0xC7 || marker == 0xCB || marker == 0xCF;
        }
    }

    static ImageHeader inspect(HeaderBytes in, DecoderLimits limits) throws ImageRejectedException {
        return inspect(in, limits, 0);
    }

    /**
     * As {@link #inspect(HeaderBytes, DecoderLimits)}; with {@code lumaWorkingSide > 0}, a lossy JPEG of one
     * component, or of three that are not tagged R, G, B, can have its luma decoded directly: then the header
     * says with which source subsampling ({@link ImageHeader#lumaStep()}: the smallest whose 8-bit luma raster
     * and reduction fit the per-image heap) and its heap is the larger of that decode and the ARGB decode the
     * decoder falls back to when the reader cannot deliver luma.
     */
    static ImageHeader inspect(HeaderBytes in, DecoderLimits limits, int lumaWorkingSide) throws ImageRejectedException {
        Frame frame = readFrame(in, 0, in.length(), limits.maxJpegScans());
        if (frame == null) {
            throw in.corrupt("no frame header (SOF) before the image data");
        }
        HeaderInspector.checkPixels(ImageFormat.JPEG, "image", frame.width(), frame.height(), limits);
        int hMax = 1;
        int vMax = 1;
        for (int i = 0; i < frame.h().length; i++) {
            hMax = Math.max(hMax, frame.h()[i]);
            vMax = Math.max(vMax, frame.v()[i]);
        }
        long mcusAcross = ceilDiv(frame.width(), 8L * hMax);
        long mcusDown = ceilDiv(frame.height(), 8L * vMax);
        long coefficientBytes = 0;
        long rowBytes = 0;
        for (int i = 0; i < frame.h().length; i++) {
            long blocksAcross = mcusAcross * frame.h()[i];
            long blocksDown = mcusDown * frame.v()[i];
            coefficientBytes = plus(coefficientBytes, times(blocksAcross, blocksDown, 64, 2));
            // An MCU row of samples, the context rows for upsampling and the colour-converted rows.
            rowBytes = plus(rowBytes, times(blocksAcross, 8, frame.v()[i], 8, 3));
        }
        int components = frame.h().length;
        boolean buffered = frame.progressive() || frame.scans() > 1;
        long nativeBytes = plus(buffered ? coefficientBytes : 0, rowBytes, times(frame.width(), components, 2));
        // The destination, and for CMYK/YCCK or an ICC profile TwelveMonkeys' raster path: a raster of the
        // (subsampled) size with every component, converted into a second image.
        int step = limits.subsampling(frame.width(), frame.height());
        long outPixels = ceilDiv(frame.width(), step) * ceilDiv(frame.height(), step);
        long heap = plus(HeaderInspector.outputBytes(frame.width(), frame.height(), 4, limits),
                times(outPixels, components + 4L), times(frame.width(), components, 4));
        if (frame.lossless()) {
            heap = plus(heap, times(frame.width(), frame.height(), components, 6));
        }
        String largest = buffered
                ? frame.scans() + " scans over " + components + " components' coefficients (" + coefficientBytes + " bytes)"
                : "a baseline image of " + components + " components";
        int lumaStep = 0;
        if (lumaWorkingSide > 0 && !frame.lossless() && (components == 1 || components == 3 && !frame.rgb())) {
            long rows = times(frame.width(), components, 4);
            lumaStep = 1;
            long lumaHeap;
            while (true) {
                long w = ceilDiv(frame.width(), lumaStep);
                long h = ceilDiv(frame.height(), lumaStep);
                lumaHeap = plus(times(w, h), HeaderInspector.lumaPlaneBytes(w, h, lumaWorkingSide), rows,
                        HeaderInspector.FIXED_OVERHEAD);
                if (lumaHeap <= limits.maxDecodeHeapBytes() || w * h <= 1) {
                    break;
                }
                lumaStep++;
            }
            heap = Math.max(plus(heap, HeaderInspector.lumaPlaneBytes(ceilDiv(frame.width(), step),
                    ceilDiv(frame.height(), step), lumaWorkingSide)), lumaHeap);
        }
        return new ImageHeader(ImageFormat.JPEG, frame.width(), frame.height(), heap, nativeBytes, largest,
                frame.iccDamage(), lumaStep);
    }

    /** Component ids 'R', 'G', 'B': without JFIF or Adobe segments libjpeg then takes the data as RGB. */
    private static boolean taggedRgb(int[] ids) {
        return ids.length == 3 && ids[0] == 'R' && ids[1] == 'G' && ids[2] == 'B';
    }

    /**
     * Walks the segments in {@code [start, end)}: the first SOF and the number of SOS markers, or null
     * when there is no SOF. More than {@code maxScans} scans is rejected as soon as it is seen.
     */
    static Frame readFrame(HeaderBytes in, long start, long end, int maxScans) throws ImageRejectedException {
        byte[] bytes = in.array();
        long offset = start + 2; // after SOI
        Frame frame = null;
        int scans = 0;
        long[] blocks = null;
        long blockPasses = 0;
        IccChunks icc = new IccChunks();
        boolean jfif = false;
        int adobeTransform = -1;
        while (offset + 1 < end) {
            if ((bytes[(int) offset] & 0xFF) != 0xFF) {
                throw in.corrupt("no marker at byte " + offset);
            }
            int marker = bytes[(int) offset + 1] & 0xFF;
            if (marker == 0xFF) {
                offset++; // fill byte
                continue;
            }
            if (marker == 0xD9) {
                break; // EOI
            }
            if (marker == 0xD8 || marker == 0x01 || marker >= 0xD0 && marker <= 0xD7) {
                offset += 2; // no length
                continue;
            }
            if (offset + 4 > end) {
                break; // truncated after the marker: the decoder reports it
            }
            int length = in.u16be(offset + 2);
            if (length < 2) {
                throw in.corrupt("segment length " + length + " at byte " + offset);
            }
            long segment = offset + 4;
            // TwelveMonkeys takes any APP2 whose identifier starts "ICC_PROFILE" as a profile chunk (the NUL unchecked).
            if (marker == 0xE2 && in.ascii(segment, "ICC_PROFILE") && length >= 2 + 14) {
                icc.add(in, segment + 14, length - 2 - 14, in.u8(segment + 12));
            }
            if (marker == 0xE0 && in.ascii(segment, "JFIF") && length >= 2 + 5) {
                jfif = true;
            }
            if (marker == 0xEE && in.ascii(segment, "Adobe") && length >= 2 + 12) {
                adobeTransform = in.u8(segment + 11);
            }
            if (isStartOfFrame(marker)) {
                if (frame != null) {
                    throw in.corrupt("a second frame header (SOF) at byte " + offset);
                }
                frame = readStartOfFrame(in, marker, segment, length, offset);
            }
            offset += 2 + length;
            if (marker == 0xDA) {
                if (frame == null) {
                    throw in.corrupt("image data (SOS) before the frame header (SOF)");
                }
                scans++;
                if (scans > maxScans) {
                    throw new ImageRejectedException(Reason.CORRUPT, "the JPEG has more than " + maxScans
                            + " scans; encoders write at most a few dozen, so this is a decoding-time attack");
                }
                if (blocks == null) {
                    blocks = frame.blocks();
                }
                blockPasses = plus(blockPasses, scanBlocks(in, segment, frame, blocks));
                long allowed = Math.min(MAX_BLOCK_PASSES, times(MAX_PASSES_PER_BLOCK, sum(blocks)));
                if (blockPasses > allowed) {
                    throw new ImageRejectedException(Reason.CORRUPT, "the JPEG's scans decode " + blockPasses
                            + " 8x8 blocks in all, more than " + allowed + " (" + MAX_PASSES_PER_BLOCK + " passes over its "
                            + sum(blocks) + " blocks, at most " + MAX_BLOCK_PASSES + "): a decoding-time attack");
                }
                offset = skipEntropyCodedData(bytes, offset, end);
            }
        }
        if (frame == null) {
            return null;
        }
        // libjpeg's rule (jdapimin.c, default_decompress_parms) for whether three components are RGB, not YCbCr.
        boolean rgb = frame.ids().length == 3 && !jfif && (adobeTransform >= 0 ? adobeTransform == 0 : taggedRgb(frame.ids()));
        return new Frame(frame.marker(), frame.precision(), frame.width(), frame.height(),
                frame.h(), frame.v(), frame.ids(), scans, frame.sofOffset(), icc.damage(), rgb);
    }

    /** Blocks decoded by one scan: those of the components it names. */
    private static long scanBlocks(HeaderBytes in, long segment, Frame frame, long[] blocks) throws ImageRejectedException {
        int count = in.u8(segment);
        long total = 0;
        for (int k = 0; k < count && k < 4; k++) {
            int id = in.u8(segment + 1 + 2L * k);
            for (int c = 0; c < frame.ids().length; c++) {
                if (frame.ids()[c] == id) {
                    total += blocks[c];
                }
            }
        }
        return total;
    }

    private static long sum(long[] values) {
        long total = 0;
        for (long value : values) {
            total = plus(total, value);
        }
        return total;
    }

    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    private static Frame readStartOfFrame(HeaderBytes in, int marker, long segment, int length, long at)
            throws ImageRejectedException {
        int precision = in.u8(segment);
        int height = in.u16be(segment + 1);
        int width = in.u16be(segment + 3);
        int components = in.u8(segment + 5);
        if (components < 1 || components > 4 || length < 8 + 3 * components) {
            throw in.corrupt("a frame header with " + components + " components in " + length + " bytes");
        }
        if (height == 0) {
            throw in.corrupt("height 0 (a DNL-defined height is not supported)");
        }
        int[] h = new int[components];
        int[] v = new int[components];
        int[] ids = new int[components];
        for (int c = 0; c < components; c++) {
            ids[c] = in.u8(segment + 6 + 3L * c);
            int sampling = in.u8(segment + 7 + 3L * c);
            h[c] = sampling >> 4;
            v[c] = sampling & 0x0F;
            if (h[c] < 1 || h[c] > 4 || v[c] < 1 || v[c] > 4) {
                throw in.corrupt("sampling factors " + h[c] + "x" + v[c] + " of component " + (c + 1));
            }
        }
        return new Frame(marker, precision, width, height, h, v, ids, 0, at, null);
    }

    /**
     * The ICC_PROFILE chunks of a JPEG. TwelveMonkeys reads the profile's declared size from the first
     * 4 bytes of its data and allocates that many bytes before reading them; a size beyond what the
     * chunks hold is a damaged profile (and would be an allocation of up to 2 GB).
     */
    private static final class IccChunks {

        private long payload;
        private long declared = -1;

        void add(HeaderBytes in, long data, long length, int sequence) throws ImageRejectedException {
            payload += length;
            if ((declared < 0 || sequence == 1) && length >= 4) {
                declared = Math.max(declared, in.u32be(data));
            }
        }

        String damage() {
            if (declared < 0 || declared <= payload) {
                return null;
            }
            return "the ICC profile declares " + declared + " bytes but its segments hold " + payload;
        }
    }

    /** The offset of the next marker after entropy-coded data (0xFF followed by neither 0x00 nor RSTn). */
    private static long skipEntropyCodedData(byte[] bytes, long from, long end) {
        int i = (int) from;
        int limit = (int) end - 1;
        while (i < limit) {
            if (bytes[i] == (byte) 0xFF) {
                int next = bytes[i + 1] & 0xFF;
                if (next != 0x00 && next != 0xFF && (next < 0xD0 || next > 0xD7)) {
                    return i;
                }
            }
            i++;
        }
        return end;
    }
}
