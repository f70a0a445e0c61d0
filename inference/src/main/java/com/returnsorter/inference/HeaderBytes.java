package com.returnsorter.inference;

import com.returnsorter.inference.ImageRejectedException.Reason;

/**
 * Bounds-checked reads of header fields straight from the uploaded bytes (no copy). A read past
 * the end means the header is cut short: the file is rejected as {@code corrupt}.
 */
final class HeaderBytes {

    private final byte[] bytes;
    private final String format;

    HeaderBytes(byte[] bytes, String format) {
        this.bytes = bytes;
        this.format = format;
    }

    int length() {
        return bytes.length;
    }

    byte[] array() {
        return bytes;
    }

    boolean has(long offset, long count) {
        return offset >= 0 && count >= 0 && offset + count <= bytes.length;
    }

    int u8(long offset) throws ImageRejectedException {
        require(offset, 1);
        return bytes[(int) offset] & 0xFF;
    }

    int u16be(long offset) throws ImageRejectedException {
        require(offset, 2);
        int i = (int) offset;
        return (bytes[i] & 0xFF) << 8 | bytes[i + 1] & 0xFF;
    }

    int u16le(long offset) throws ImageRejectedException {
        require(offset, 2);
        int i = (int) offset;
        return (bytes[i + 1] & 0xFF) << 8 | bytes[i] & 0xFF;
    }

    int u24le(long offset) throws ImageRejectedException {
        require(offset, 3);
        int i = (int) offset;
        return (bytes[i + 2] & 0xFF) << 16 | (bytes[i + 1] & 0xFF) << 8 | bytes[i] & 0xFF;
    }

    long u32be(long offset) throws ImageRejectedException {
        require(offset, 4);
        int i = (int) offset;
        return ((long) (bytes[i] & 0xFF) << 24 | (bytes[i + 1] & 0xFF) << 16 | (bytes[i + 2] & 0xFF) << 8 | bytes[i + 3] & 0xFF);
    }

    long u32le(long offset) throws ImageRejectedException {
        require(offset, 4);
        int i = (int) offset;
        return ((long) (bytes[i + 3] & 0xFF) << 24 | (bytes[i + 2] & 0xFF) << 16 | (bytes[i + 1] & 0xFF) << 8 | bytes[i] & 0xFF);
    }

    boolean ascii(long offset, String expected) {
        if (!has(offset, expected.length())) {
            return false;
        }
        for (int i = 0; i < expected.length(); i++) {
            if (bytes[(int) offset + i] != expected.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    String fourCc(long offset) throws ImageRejectedException {
        require(offset, 4);
        return new String(bytes, (int) offset, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    ImageRejectedException corrupt(String detail) {
        return new ImageRejectedException(Reason.CORRUPT, "the " + format + " header is damaged: " + detail);
    }

    private void require(long offset, int count) throws ImageRejectedException {
        if (!has(offset, count)) {
            throw corrupt("it ends at byte " + bytes.length + ", inside the header");
        }
    }
}
