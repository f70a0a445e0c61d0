package com.returnsorter.inference;

import java.io.ByteArrayOutputStream;

/**
 * The metadata segments of a JPEG that say nothing about its pixels' values in the file: EXIF and
 * XMP (APP1), the ICC profile (APP2), IPTC/Photoshop (APP13) and comments. JFIF (APP0) and Adobe
 * (APP14, which says whether the data is YCbCr, YCCK or RGB) are kept. Used only after a decode failed,
 * to retry without the metadata: the copy is paid for damaged files only.
 */
final class JpegMetadata {

    private JpegMetadata() {
    }

    /** Whether any removable metadata segment comes before the first scan. */
    static boolean hasRemovableSegments(byte[] jpeg) {
        return strip(jpeg, null);
    }

    /** The same JPEG without its removable metadata segments. */
    static byte[] withoutRemovableSegments(byte[] jpeg) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length);
        strip(jpeg, out);
        return out.toByteArray();
    }

    /** Copies {@code jpeg} to {@code out} (when given) without removable segments; true when any was found. */
    private static boolean strip(byte[] jpeg, ByteArrayOutputStream out) {
        boolean found = false;
        int offset = 2;
        if (out != null) {
            out.write(jpeg, 0, 2);
        }
        while (offset + 4 <= jpeg.length && (jpeg[offset] & 0xFF) == 0xFF) {
            int marker = jpeg[offset + 1] & 0xFF;
            if (marker == 0xDA || marker == 0xD9 || marker == 0xFF) {
                break;
            }
            int length = (jpeg[offset + 2] & 0xFF) << 8 | jpeg[offset + 3] & 0xFF;
            int end = Math.min(jpeg.length, offset + 2 + length);
            boolean removable = marker == 0xE1 || marker == 0xE2 || marker == 0xED || marker == 0xFE;
            found |= removable;
            if (out != null && !removable) {
                out.write(jpeg, offset, end - offset);
            }
            offset = end;
        }
        if (out != null && offset < jpeg.length) {
            out.write(jpeg, offset, jpeg.length - offset);
        }
        return found;
    }
}
