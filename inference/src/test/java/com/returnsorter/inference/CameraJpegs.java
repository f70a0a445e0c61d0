package com.returnsorter.inference;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;

/**
 * 12 MP camera-like JPEGs made in memory (no binary committed): a dark, slightly coloured ellipse (the
 * "garment") on an off-white, vignetted background with sensor-like noise, quality 0.9, 4:2:0.
 */
final class CameraJpegs {

    private static byte[] landscape;

    private CameraJpegs() {
    }

    /** 4032 × 3024, made once per test JVM. */
    static synchronized byte[] landscape() {
        if (landscape == null) {
            landscape = jpeg(render(4032, 3024, 20261207L));
        }
        return landscape.clone();
    }

    static BufferedImage render(int width, int height, long seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        SplittableRandom random = new SplittableRandom(seed);
        double cx = width / 2.0;
        double cy = height / 2.0;
        double maxR2 = cx * cx + cy * cy;
        double ax = width * 0.22;
        double ay = height * 0.32;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double r2 = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / maxR2;
                double light = 1.0 - 0.35 * r2;
                boolean item = (x - cx) * (x - cx) / (ax * ax) + (y - cy) * (y - cy) / (ay * ay) <= 1.0;
                int noise = random.nextInt(9) + random.nextInt(9) - 8;
                int i = 3 * (y * width + x);
                bgr[i] = (byte) clamp((item ? 70 : 218) * light + noise);
                bgr[i + 1] = (byte) clamp((item ? 60 : 228) * light + noise);
                bgr[i + 2] = (byte) clamp((item ? 90 : 236) * light + noise);
            }
        }
        return image;
    }

    static byte[] jpeg(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.9f);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** Inserts an APP1 Exif segment with only an Orientation tag after SOI and the JFIF APP0. */
    static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        byte[] exif = {
            'E', 'x', 'i', 'f', 0, 0,
            'M', 'M', 0, 42, 0, 0, 0, 8,
            0, 1,
            0x01, 0x12, 0, 3, 0, 0, 0, 1,
            0, (byte) orientation, 0, 0,
            0, 0, 0, 0
        };
        int at = 2;
        if ((jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0) {
            at = 4 + ((jpeg[4] & 0xFF) << 8 | jpeg[5] & 0xFF);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + exif.length + 4);
        out.write(jpeg, 0, at);
        out.write(0xFF);
        out.write(0xE1);
        out.write((exif.length + 2) >> 8);
        out.write((exif.length + 2) & 0xFF);
        out.write(exif, 0, exif.length);
        out.write(jpeg, at, jpeg.length - at);
        return out.toByteArray();
    }

    private static int clamp(double value) {
        return (int) Math.max(0, Math.min(255, Math.round(value)));
    }
}
