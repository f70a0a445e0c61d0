package com.returnsorter.bench;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Camera-sized JPEGs made deterministically in memory, so that no 12 MP binary has to be committed:
 * the first JPEG sample photo's item, scaled bicubically to about half the frame, on an off-white
 * background with vignetting and a light gradient, plus Gaussian-like sensor noise (fixed seed),
 * encoded at quality 0.9 with 4:2:0 chroma (the JDK writer's default), as a phone stores it.
 *
 * <p>{@link #landscape()} is 4032 × 3024 without EXIF. {@link #portraitExif6()} shows 3024 × 4032 but
 * is stored as 4032 × 3024 pixels with an EXIF orientation of 6 (rotate 90° clockwise to display),
 * the way a phone held upright stores a portrait.
 */
final class CameraPhotos {

    static final int LONG_SIDE = 4032;
    static final int SHORT_SIDE = 3024;
    private static final long SEED = 20261207L;

    private CameraPhotos() {
    }

    static byte[] photo(String kind) throws IOException {
        return switch (kind) {
            case "landscape" -> landscape();
            case "portrait-exif6" -> portraitExif6();
            default -> throw new IllegalArgumentException("unknown photo " + kind + "; use landscape or portrait-exif6");
        };
    }

    /** 4032 × 3024, no EXIF. */
    static byte[] landscape() throws IOException {
        return jpeg(render(LONG_SIDE, SHORT_SIDE, SEED));
    }

    /** Displayed 3024 × 4032, stored 4032 × 3024 with EXIF orientation 6. */
    static byte[] portraitExif6() throws IOException {
        BufferedImage upright = render(SHORT_SIDE, LONG_SIDE, SEED + 1);
        return withExifOrientation(jpeg(rotateCounterClockwise(upright)), 6);
    }

    private static BufferedImage render(int width, int height, long seed) throws IOException {
        BufferedImage item = item();
        BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) canvas.getRaster().getDataBuffer()).getData();
        double cx = width / 2.0;
        double cy = height / 2.0;
        double maxR2 = cx * cx + cy * cy;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double r2 = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / maxR2;
                double light = (1.0 - 0.35 * r2) * (0.92 + 0.08 * x / width);
                int i = 3 * (y * width + x);
                bgr[i] = (byte) clamp(218 * light);       // blue: a warm off-white
                bgr[i + 1] = (byte) clamp(228 * light);
                bgr[i + 2] = (byte) clamp(236 * light);
            }
        }
        Graphics2D g = canvas.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            double scale = 0.5 * Math.min(width, height) / Math.max(item.getWidth(), item.getHeight());
            int iw = (int) Math.round(item.getWidth() * scale);
            int ih = (int) Math.round(item.getHeight() * scale);
            // The sample's own light background is drawn as well: it blends into the off-white.
            g.drawImage(item, (width - iw) / 2, (height - ih) / 2, iw, ih, null);
        } finally {
            g.dispose();
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < bgr.length; i++) {
            // Sum of three uniforms: a bell-shaped noise of about ±6 levels, as a phone sensor at ISO 400.
            int noise = random.nextInt(9) + random.nextInt(9) + random.nextInt(9) - 12;
            bgr[i] = (byte) clamp((bgr[i] & 0xFF) + noise);
        }
        return canvas;
    }

    private static BufferedImage item() throws IOException {
        List<Path> photos = BenchSupport.samplePhotos();
        Path source = photos.stream().filter(p -> p.toString().toLowerCase(Locale.ROOT).endsWith(".jpg"))
                .findFirst().orElse(photos.get(0));
        BufferedImage image = ImageIO.read(source.toFile());
        if (image == null) {
            throw new IOException("cannot read " + source);
        }
        return image;
    }

    /** The stored pixels of a photo whose EXIF orientation 6 shows {@code upright}. */
    private static BufferedImage rotateCounterClockwise(BufferedImage upright) {
        int w = upright.getWidth();
        int h = upright.getHeight();
        BufferedImage stored = new BufferedImage(h, w, BufferedImage.TYPE_3BYTE_BGR);
        byte[] src = ((DataBufferByte) upright.getRaster().getDataBuffer()).getData();
        byte[] dst = ((DataBufferByte) stored.getRaster().getDataBuffer()).getData();
        // Orientation 6 displays stored (sx, sy) at (x, y) = (storedHeight - 1 - sy, sx).
        int sw = h;
        int sh = w;
        for (int sy = 0; sy < sh; sy++) {
            for (int sx = 0; sx < sw; sx++) {
                int x = sh - 1 - sy;
                int y = sx;
                System.arraycopy(src, 3 * (y * w + x), dst, 3 * (sy * sw + sx), 3);
            }
        }
        return stored;
    }

    private static byte[] jpeg(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.9f);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** Inserts an APP1 Exif segment (big-endian TIFF, one IFD entry: Orientation) after SOI and a JFIF APP0. */
    static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        byte[] tiff = {
            'M', 'M', 0, 42, 0, 0, 0, 8,          // header, IFD0 at offset 8
            0, 1,                                  // one entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1,          // Orientation, SHORT, count 1
            0, (byte) orientation, 0, 0,           // value, padded
            0, 0, 0, 0                             // no next IFD
        };
        byte[] exifHeader = {'E', 'x', 'i', 'f', 0, 0};
        int length = 2 + exifHeader.length + tiff.length;
        int at = 2;
        if ((jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0) {
            at = 4 + ((jpeg[4] & 0xFF) << 8 | jpeg[5] & 0xFF);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + 2 + length);
        out.write(jpeg, 0, at);
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.write(exifHeader, 0, exifHeader.length);
        out.write(tiff, 0, tiff.length);
        out.write(jpeg, at, jpeg.length - at);
        return out.toByteArray();
    }

    private static int clamp(double value) {
        return (int) Math.max(0, Math.min(255, Math.round(value)));
    }
}
