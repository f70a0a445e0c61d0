package com.returnsorter.inference;

import com.returnsorter.inference.ImageRejectedException.Reason;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

import static com.returnsorter.inference.HeaderInspector.plus;
import static com.returnsorter.inference.HeaderInspector.times;

/**
 * TIFF: every image file directory (the page chain and the EXIF, GPS and sub-IFDs TwelveMonkeys also
 * reads), each entry's declared data, and for the first page its size, samples, bits, compression,
 * strips or tiles. TwelveMonkeys' reader allocates a one-row raster as wide as a strip or tile plus row
 * arrays and a decompressor buffer of that width, whatever the subsampling; a JPEG-compressed strip or
 * tile is decoded as a whole image of the size its own JPEG header declares. The metadata reader
 * allocates each entry's values before reading them, so every entry's count must fit in the file and
 * the directories together may not declare much more data than the file holds.
 */
final class TiffHeader {

    private static final int IMAGE_WIDTH = 256;
    private static final int IMAGE_LENGTH = 257;
    private static final int BITS_PER_SAMPLE = 258;
    private static final int COMPRESSION = 259;
    private static final int STRIP_OFFSETS = 273;
    private static final int SAMPLES_PER_PIXEL = 277;
    private static final int ROWS_PER_STRIP = 278;
    private static final int STRIP_BYTE_COUNTS = 279;
    private static final int PLANAR_CONFIGURATION = 284;
    private static final int TILE_WIDTH = 322;
    private static final int TILE_LENGTH = 323;
    private static final int TILE_OFFSETS = 324;
    private static final int TILE_BYTE_COUNTS = 325;
    private static final int SUB_IFDS = 330;
    private static final int EXIF_IFD = 34665;
    private static final int GPS_IFD = 34853;
    private static final int INTEROPERABILITY_IFD = 40965;
    private static final Set<Integer> SUPPORTED_COMPRESSIONS = Set.of(1, 2, 3, 4, 5, 7, 8, 32773, 32946);
    private static final Set<Integer> JPEG_COMPRESSIONS = Set.of(7);
    /** Heap per entry object in TwelveMonkeys' directory model, beside the values themselves. */
    private static final long BYTES_PER_ENTRY = 96;

    private final HeaderBytes in;
    private final boolean littleEndian;
    private final DecoderLimits limits;
    private long declaredValueBytes;
    private long entries;

    private TiffHeader(HeaderBytes in, boolean littleEndian, DecoderLimits limits) {
        this.in = in;
        this.littleEndian = littleEndian;
        this.limits = limits;
    }

    static ImageHeader inspect(HeaderBytes in, DecoderLimits limits) throws ImageRejectedException {
        return new TiffHeader(in, in.u8(0) == 'I', limits).inspect();
    }

    private ImageHeader inspect() throws ImageRejectedException {
        Deque<Long> pending = new ArrayDeque<>();
        Set<Long> seen = new HashSet<>();
        long first = u32(4);
        long next = first;
        int pages = 0;
        int directories = 0;
        ImageHeader firstPage = null;
        while (next != 0 || !pending.isEmpty()) {
            boolean page = next != 0;
            long offset = page ? next : pending.pop();
            if (!seen.add(offset)) {
                throw in.corrupt("directory at byte " + offset + " is linked twice (a loop)");
            }
            if (++directories > limits.maxTiffDirectories()) {
                throw new ImageRejectedException(Reason.CORRUPT, "the TIFF chains more than "
                        + limits.maxTiffDirectories() + " directories; only the first page is read");
            }
            Directory directory = readDirectory(offset, pending);
            if (page) {
                pages++;
                HeaderInspector.checkPixels(ImageFormat.TIFF, "page " + pages, directory.value(IMAGE_WIDTH, 0, 0),
                        directory.value(IMAGE_LENGTH, 0, 0), limits);
                if (firstPage == null) {
                    firstPage = firstPageCost(directory);
                }
                next = directory.nextOffset;
            } else {
                next = 0;
            }
        }
        if (firstPage == null) {
            throw in.corrupt("no image directory");
        }
        long metadata = plus(times(declaredValueBytes, 2), times(entries, BYTES_PER_ENTRY));
        if (declaredValueBytes > 4L * in.length() + 65_536) {
            throw in.corrupt("its directories declare " + declaredValueBytes + " bytes of values in a "
                    + in.length() + "-byte file");
        }
        return new ImageHeader(ImageFormat.TIFF, firstPage.width(), firstPage.height(),
                plus(firstPage.heapBytes(), metadata), firstPage.nativeBytes(), firstPage.largest());
    }

    private ImageHeader firstPageCost(Directory directory) throws ImageRejectedException {
        long width = directory.value(IMAGE_WIDTH, 0, 0);
        long height = directory.value(IMAGE_LENGTH, 0, 0);
        long samples = directory.value(SAMPLES_PER_PIXEL, 0, 1);
        if (samples < 1 || samples > 16) {
            throw in.corrupt(samples + " samples per pixel");
        }
        long bitsPerPixel = 0;
        long firstBits = directory.value(BITS_PER_SAMPLE, 0, 1);
        for (int s = 0; s < samples; s++) {
            long bits = directory.count(BITS_PER_SAMPLE) > s ? directory.value(BITS_PER_SAMPLE, s, 1) : firstBits;
            if (bits < 1 || bits > 64) {
                throw in.corrupt(bits + " bits per sample");
            }
            bitsPerPixel += bits;
        }
        int compression = (int) directory.value(COMPRESSION, 0, 1);
        if (!SUPPORTED_COMPRESSIONS.contains(compression)) {
            throw new ImageRejectedException(Reason.UNSUPPORTED_FORMAT, "TIFF compression " + compression
                    + " is not supported; send an uncompressed, LZW, Deflate, PackBits or JPEG TIFF, or a JPEG or PNG");
        }
        boolean tiled = directory.has(TILE_WIDTH);
        long tileWidth = tiled ? directory.value(TILE_WIDTH, 0, 0) : width;
        long tileHeight = tiled ? directory.value(TILE_LENGTH, 0, 0)
                : Math.min(height, directory.value(ROWS_PER_STRIP, 0, height));
        String unit = tiled ? "tile" : "strip";
        HeaderInspector.checkPixels(ImageFormat.TIFF, unit, tileWidth, tileHeight, limits);
        boolean planar = directory.value(PLANAR_CONFIGURATION, 0, 1) == 2;
        long rowBytes = HeaderInspector.ceilDiv(times(tileWidth, planar ? firstBits : bitsPerPixel), 8);
        // The one-row raster, the row array, the decompressor's row buffer and the predictor's.
        long heap = times(4, plus(rowBytes, 16));
        long nativeBytes = 0;
        if (JPEG_COMPRESSIONS.contains(compression)) {
            checkJpegStrips(directory, tiled, tileWidth, tileHeight);
            heap = plus(heap, times(tileWidth, tileHeight, samples, 4));
            nativeBytes = times(tileWidth, tileHeight, samples, 2);
        }
        int destinationBytes = (int) Math.max(4, HeaderInspector.ceilDiv(bitsPerPixel, 8));
        heap = plus(heap, HeaderInspector.outputBytes((int) width, (int) height, destinationBytes, limits));
        return new ImageHeader(ImageFormat.TIFF, (int) width, (int) height, heap, nativeBytes,
                unit + "s of " + tileWidth + "x" + tileHeight + " at " + bitsPerPixel + " bits per pixel");
    }

    /** A JPEG strip or tile is decoded at the size its own frame header declares: that may not exceed the tile. */
    private void checkJpegStrips(Directory directory, boolean tiled, long tileWidth, long tileHeight)
            throws ImageRejectedException {
        int offsetsTag = tiled ? TILE_OFFSETS : STRIP_OFFSETS;
        int countsTag = tiled ? TILE_BYTE_COUNTS : STRIP_BYTE_COUNTS;
        long strips = directory.count(offsetsTag);
        for (int i = 0; i < strips; i++) {
            long start = directory.value(offsetsTag, i, 0);
            long end = Math.min(in.length(), start + directory.value(countsTag, i, in.length()));
            if (!in.has(start, 2) || in.u8(start) != 0xFF || in.u8(start + 1) != 0xD8) {
                continue;
            }
            JpegHeader.Frame frame = JpegHeader.readFrame(in, start, end, limits.maxJpegScans());
            if (frame != null && (frame.width() > tileWidth || frame.height() > tileHeight)) {
                throw in.corrupt("a JPEG-compressed " + (tiled ? "tile" : "strip") + " declares " + frame.width() + "x"
                        + frame.height() + " pixels, more than its " + tileWidth + "x" + tileHeight);
            }
        }
    }

    private Directory readDirectory(long offset, Deque<Long> pending) throws ImageRejectedException {
        int count = u16(offset);
        long entriesStart = offset + 2;
        if (!in.has(entriesStart, 12L * count + 4)) {
            throw in.corrupt("a directory of " + count + " entries at byte " + offset + " runs past the end");
        }
        entries += count;
        Directory directory = new Directory(entriesStart, count, u32(entriesStart + 12L * count));
        for (int i = 0; i < count; i++) {
            long entry = entriesStart + 12L * i;
            int tag = u16(entry);
            long valueBytes = times(u32(entry + 4), typeSize(u16(entry + 2)));
            if (valueBytes > in.length()) {
                throw in.corrupt("entry " + tag + " declares " + valueBytes + " bytes of values in a "
                        + in.length() + "-byte file");
            }
            declaredValueBytes = plus(declaredValueBytes, valueBytes);
            if (tag == EXIF_IFD || tag == GPS_IFD || tag == INTEROPERABILITY_IFD || tag == SUB_IFDS) {
                for (int v = 0; v < Math.min(directory.countAt(entry), 16); v++) {
                    long sub = directory.valueAt(entry, v, 0);
                    if (sub > 0 && sub < in.length()) {
                        pending.add(sub);
                    }
                }
            }
        }
        return directory;
    }

    private static long typeSize(int type) {
        return switch (type) {
            case 3, 8 -> 2;
            case 4, 9, 11, 13 -> 4;
            case 5, 10, 12, 16, 17, 18 -> 8;
            default -> 1;
        };
    }

    private int u16(long offset) throws ImageRejectedException {
        return littleEndian ? in.u16le(offset) : in.u16be(offset);
    }

    private long u32(long offset) throws ImageRejectedException {
        return littleEndian ? in.u32le(offset) : in.u32be(offset);
    }

    /** One directory's entries, read in place. */
    private final class Directory {

        private final long entriesStart;
        private final int count;
        private final long nextOffset;

        Directory(long entriesStart, int count, long nextOffset) {
            this.entriesStart = entriesStart;
            this.count = count;
            this.nextOffset = nextOffset;
        }

        boolean has(int tag) throws ImageRejectedException {
            return entry(tag) >= 0;
        }

        long count(int tag) throws ImageRejectedException {
            long entry = entry(tag);
            return entry < 0 ? 0 : countAt(entry);
        }

        /** The index-th value of a SHORT or LONG entry, or {@code fallback} when absent or unreadable. */
        long value(int tag, int index, long fallback) throws ImageRejectedException {
            long entry = entry(tag);
            return entry < 0 ? fallback : valueAt(entry, index, fallback);
        }

        long countAt(long entry) throws ImageRejectedException {
            return u32(entry + 4);
        }

        long valueAt(long entry, int index, long fallback) throws ImageRejectedException {
            int type = u16(entry + 2);
            long size = typeSize(type);
            if (type != 3 && type != 4 && type != 13 || index >= countAt(entry)) {
                return fallback;
            }
            long valueBytes = countAt(entry) * size;
            long base = valueBytes <= 4 ? entry + 8 : u32(entry + 8);
            long at = base + index * size;
            if (!in.has(at, size)) {
                throw in.corrupt("entry " + u16(entry) + " points past the end of the file");
            }
            return size == 2 ? u16(at) : u32(at);
        }

        private long entry(int tag) throws ImageRejectedException {
            for (int i = 0; i < count; i++) {
                long entry = entriesStart + 12L * i;
                if (u16(entry) == tag) {
                    return entry;
                }
            }
            return -1;
        }
    }
}
