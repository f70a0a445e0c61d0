package com.returnsorter.inference;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The metadata chunks of an extended WebP that say nothing about its pixels: the ICC profile
 * ({@code ICCP}), {@code EXIF} and {@code XMP }. Used only when the header inspection found one of
 * them damaged, so the pixels are read without it (as for a JPEG, {@link JpegMetadata}): the copy is
 * paid for damaged files only. The chunk sizes were checked by {@link WebpHeader} before this runs.
 */
final class WebpMetadata {

    /** VP8X flags: ICC profile, EXIF and XMP present (WebP container specification). */
    private static final int METADATA_FLAGS = 0x20 | 0x08 | 0x04;

    private WebpMetadata() {
    }

    /** The same WebP without its ICCP, EXIF and XMP chunks, the VP8X flags and the RIFF size adjusted. */
    static byte[] withoutMetadataChunks(byte[] webp) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(webp.length);
        out.write(webp, 0, 12);
        int vp8xFlags = -1;
        long offset = 12;
        while (offset + 8 <= webp.length) {
            String type = new String(webp, (int) offset, 4, StandardCharsets.ISO_8859_1);
            long size = u32le(webp, (int) offset + 4);
            long end = Math.min(webp.length, offset + 8 + size + (size & 1));
            if (!type.equals("ICCP") && !type.equals("EXIF") && !type.equals("XMP ")) {
                if (type.equals("VP8X")) {
                    vp8xFlags = out.size() + 8;
                }
                out.write(webp, (int) offset, (int) (end - offset));
            }
            offset = end;
        }
        byte[] stripped = out.toByteArray();
        if (vp8xFlags >= 0 && vp8xFlags < stripped.length) {
            stripped[vp8xFlags] &= (byte) ~METADATA_FLAGS;
        }
        long riffSize = stripped.length - 8L;
        for (int i = 0; i < 4; i++) {
            stripped[4 + i] = (byte) (riffSize >>> (8 * i));
        }
        return stripped;
    }

    private static long u32le(byte[] bytes, int at) {
        return (bytes[at] & 0xFFL) | (bytes[at + 1] & 0xFFL) << 8 | (bytes[at + 2] & 0xFFL) << 16
                | (bytes[at + 3] & 0xFFL) << 24;
    }
}
