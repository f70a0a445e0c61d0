package com.returnsorter.inference;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Image formats told apart by their leading bytes, never by file name or declared content type:
 * a photo named {@code .jpg} that is really a PNG is decoded as a PNG, and an HTML page named
 * {@code .jpg} is rejected.
 */
public enum ImageFormat {
    JPEG("jpeg", true),
    PNG("png", true),
    GIF("gif", true),
    BMP("bmp", true),
    WEBP("webp", true),
    TIFF("tiff", true),
    SVG("svg", false),
    HEIF("heif", false),
    AVIF("avif", false),
    ICO("ico", false),
    PSD("psd", false),
    JPEG2000("jpeg2000", false),
    PDF("pdf", false);

    private final String formatName;
    private final boolean supported;

    ImageFormat(String formatName, boolean supported) {
        this.formatName = formatName;
        this.supported = supported;
    }

    /** The ImageIO format name used to pick a reader. */
    public String formatName() {
        return formatName;
    }

    public boolean isSupported() {
        return supported;
    }

    /** Recognises the format from the first bytes, or empty when the bytes are no known image. */
    public static Optional<ImageFormat> sniff(byte[] bytes) {
        if (bytes.length >= 3 && u(bytes, 0) == 0xFF && u(bytes, 1) == 0xD8 && u(bytes, 2) == 0xFF) {
            return Optional.of(JPEG);
        }
        if (startsWith(bytes, 0, new int[] {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A})) {
            return Optional.of(PNG);
        }
        if (startsWithAscii(bytes, 0, "GIF87a") || startsWithAscii(bytes, 0, "GIF89a")) {
            return Optional.of(GIF);
        }
        if (startsWithAscii(bytes, 0, "BM") && bytes.length >= 26) {
            return Optional.of(BMP);
        }
        if (startsWithAscii(bytes, 0, "RIFF") && startsWithAscii(bytes, 8, "WEBP")) {
            return Optional.of(WEBP);
        }
        if (startsWith(bytes, 0, new int[] {'I', 'I', 42, 0}) || startsWith(bytes, 0, new int[] {'M', 'M', 0, 42})) {
            return Optional.of(TIFF);
        }
        if (startsWithAscii(bytes, 4, "ftyp")) {
            String brand = ascii(bytes, 8, 4);
            if (brand.startsWith("avi")) {
                return Optional.of(AVIF);
            }
            if (brand.startsWith("hei") || brand.startsWith("mif") || brand.startsWith("hev")) {
                return Optional.of(HEIF);
            }
        }
        if (startsWith(bytes, 0, new int[] {0, 0, 1, 0}) && bytes.length > 6) {
            return Optional.of(ICO);
        }
        if (startsWithAscii(bytes, 0, "8BPS")) {
            return Optional.of(PSD);
        }
        if (startsWith(bytes, 0, new int[] {0, 0, 0, 0x0C, 'j', 'P', ' ', ' '})
                || startsWith(bytes, 0, new int[] {0xFF, 0x4F, 0xFF, 0x51})) {
            return Optional.of(JPEG2000);
        }
        if (startsWithAscii(bytes, 0, "%PDF")) {
            return Optional.of(PDF);
        }
        if (looksLikeSvg(bytes)) {
            return Optional.of(SVG);
        }
        return Optional.empty();
    }

    private static boolean looksLikeSvg(byte[] bytes) {
        String head = new String(bytes, 0, Math.min(bytes.length, 1024), StandardCharsets.UTF_8)
                .toLowerCase(Locale.ROOT);
        return head.contains("<svg");
    }

    private static int u(byte[] bytes, int index) {
        return bytes[index] & 0xFF;
    }

    private static boolean startsWith(byte[] bytes, int offset, int[] expected) {
        if (bytes.length < offset + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (u(bytes, offset + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWithAscii(byte[] bytes, int offset, String expected) {
        return bytes.length >= offset + expected.length() && ascii(bytes, offset, expected.length()).equals(expected);
    }

    private static String ascii(byte[] bytes, int offset, int length) {
        if (bytes.length < offset + length) {
            return "";
        }
        return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }
}
