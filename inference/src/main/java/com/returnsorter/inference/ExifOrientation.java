package com.returnsorter.inference;

import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;

import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The EXIF orientation of a JPEG (tag 0x0112, values 1–8) and the transform that shows the
 * photo upright. Phones and photo stations store pixels as the sensor saw them and record the
 * rotation here, so ignoring it would classify a sideways item.
 */
final class ExifOrientation {

    static final int NORMAL = 1;

    private ExifOrientation() {
    }

    /** Reads the orientation from a JPEG's APP1 Exif segment; 1 when absent or unreadable. */
    static int read(byte[] jpeg) {
        return read(jpeg, new java.util.ArrayList<>());
    }

    /**
     * Reads the orientation from a JPEG's APP1 Exif segment; 1 when absent or unreadable, and then
     * {@code warnings} says the EXIF data was damaged and ignored.
     */
    static int read(byte[] jpeg, List<String> warnings) {
        try (ImageInputStream stream = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
            List<JPEGSegment> segments = JPEGSegmentUtil.readSegments(stream, JPEG.APP1, "Exif");
            for (JPEGSegment segment : segments) {
                try (InputStream data = segment.data();
                     ImageInputStream exif = ImageIO.createImageInputStream(skipExifHeader(data))) {
                    Directory directory = new TIFFReader().read(exif);
                    if (directory.size() == 0) {
                        // TwelveMonkeys answers an empty directory when the first IFD lies outside the segment.
                        throw new IOException("the EXIF directory is empty or lies outside its segment");
                    }
                    Entry entry = directory.getEntryById(TIFF.TAG_ORIENTATION);
                    if (entry != null && entry.getValue() instanceof Number number) {
                        int value = number.intValue();
                        return value >= 1 && value <= 8 ? value : NORMAL;
                    }
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // Broken metadata must not reject an otherwise decodable photo.
            warnings.add("the EXIF metadata is damaged and was ignored (the photo is shown as stored, unrotated): "
                    + (unreadable.getMessage() == null ? unreadable.getClass().getSimpleName() : unreadable.getMessage()));
        }
        return NORMAL;
    }

    private static InputStream skipExifHeader(InputStream data) throws IOException {
        // The segment holds "Exif\0", a pad byte, then the TIFF header; how much of the prefix a
        // reader strips varies, so look for the header's byte-order mark ("II*\0" or "MM\0*").
        byte[] bytes = data.readAllBytes();
        for (int offset = 0; offset + 4 <= bytes.length && offset <= 8; offset++) {
            boolean intel = bytes[offset] == 'I' && bytes[offset + 1] == 'I' && bytes[offset + 2] == 42 && bytes[offset + 3] == 0;
            boolean motorola = bytes[offset] == 'M' && bytes[offset + 1] == 'M' && bytes[offset + 2] == 0 && bytes[offset + 3] == 42;
            if (intel || motorola) {
                return new ByteArrayInputStream(bytes, offset, bytes.length - offset);
            }
        }
        throw new IOException("no TIFF header in the Exif segment");
    }

    /** Index in the stored {@code w × h} pixels of the upright pixel (x, y) for an orientation of 2–8. */
    static int storedIndex(int orientation, int x, int y, int w, int h) {
        int sx;
        int sy;
        switch (orientation) {
            case 2 -> { sx = w - 1 - x; sy = y; }          // mirror horizontal
            case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }  // rotate 180
            case 4 -> { sx = x; sy = h - 1 - y; }          // mirror vertical
            case 5 -> { sx = y; sy = x; }                  // transpose
            case 6 -> { sx = y; sy = h - 1 - x; }          // rotate 90 clockwise
            case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }  // transverse
            default -> { sx = w - 1 - y; sy = x; }         // 8: rotate 90 counter-clockwise
        }
        return sy * w + sx;
    }

    /** Returns the pixels as they should be displayed for the given orientation (same as PIL's exif_transpose). */
    static DecodedImage apply(DecodedImage image, int orientation) {
        if (orientation <= NORMAL || orientation > 8) {
            return image;
        }
        int w = image.width();
        int h = image.height();
        boolean swaps = orientation >= 5;
        int ow = swaps ? h : w;
        int oh = swaps ? w : h;
        int[] src = image.argb();
        int[] out = new int[src.length];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                out[y * ow + x] = src[storedIndex(orientation, x, y, w, h)];
            }
        }
        return new DecodedImage(ow, oh, out, image.format(), image.sourceWidth(), image.sourceHeight(), image.warnings());
    }
}
