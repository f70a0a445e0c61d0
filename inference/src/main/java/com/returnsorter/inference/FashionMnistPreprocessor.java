package com.returnsorter.inference;

import java.util.Arrays;

/**
 * The {@code fashion-mnist} profile: the steps that made Fashion-MNIST from catalogue photos on
 * white backgrounds, applied to a return photographed at the photo station. Grayscale, invert a
 * light background, lift the background to zero, trim to the item, fit its longest side into
 * {@code fit} pixels with area resampling, centre on a {@code size × size} canvas, scale to [0, 1].
 * The exact arithmetic is specified in {@code model/README.md} and mirrored by the training script.
 */
public final class FashionMnistPreprocessor implements Preprocessor {

    private final int size;
    private final int fit;
    private final int trimThreshold;

    public FashionMnistPreprocessor(int size, int fit, int trimThreshold) {
        if (size <= 0 || fit <= 0 || fit > size || trimThreshold < 0 || trimThreshold > 255) {
            throw new IllegalArgumentException("invalid fashion-mnist preprocessing: size=" + size
                    + " fit=" + fit + " trimThreshold=" + trimThreshold);
        }
        this.size = size;
        this.fit = fit;
        this.trimThreshold = trimThreshold;
    }

    @Override
    public long[] imageShape() {
        return new long[] {1, size, size};
    }

    @Override
    public SubjectCheck preprocess(DecodedImage image, float[] tensor, int offset) {
        double[] canvas = canvas(image);
        for (int i = 0; i < canvas.length; i++) {
            tensor[offset + i] = (float) (canvas[i] / 255.0);
        }
        return SubjectCheck.FOUND;
    }

    /** The {@code size × size} canvas with values 0–255, before scaling. */
    double[] canvas(DecodedImage image) {
        int w = image.width();
        int h = image.height();
        int[] v = luma(image.argb());

        int[] ring = ring(v, w, h);
        long ringSum = 0;
        for (int value : ring) {
            ringSum += value;
        }
        if ((double) ringSum / ring.length > 127.0) {
            for (int i = 0; i < v.length; i++) {
                v[i] = 255 - v[i];
            }
            for (int i = 0; i < ring.length; i++) {
                ring[i] = 255 - ring[i];
            }
        }
        liftBackground(v, lowerMedian(ring));

        int[] box = boundingBox(v, w, h);
        int bx = box[0];
        int by = box[1];
        int bw = box[2];
        int bh = box[3];
        // float holds the 0-255 integers exactly at half the memory; the resampler sums in double.
        float[] crop = new float[bw * bh];
        for (int y = 0; y < bh; y++) {
            for (int x = 0; x < bw; x++) {
                crop[y * bw + x] = v[(by + y) * w + bx + x];
            }
        }
        double scale = (double) fit / Math.max(bw, bh);
        int ow = Math.min(size, Math.max(1, (int) Math.floor(bw * scale + 0.5)));
        int oh = Math.min(size, Math.max(1, (int) Math.floor(bh * scale + 0.5)));
        double[] resized = AreaResampler.resample(crop, bw, bh, ow, oh);

        double[] canvas = new double[size * size];
        int x0 = (size - ow) / 2;
        int y0 = (size - oh) / 2;
        for (int y = 0; y < oh; y++) {
            System.arraycopy(resized, y * ow, canvas, (y0 + y) * size + x0, ow);
        }
        return canvas;
    }

    private static int[] luma(int[] argb) {
        int[] luma = new int[argb.length];
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            int a = p >>> 24;
            int r = p >> 16 & 0xFF;
            int g = p >> 8 & 0xFF;
            int b = p & 0xFF;
            if (a != 0xFF) {
                r = Preprocessor.overWhite(r, a);
                g = Preprocessor.overWhite(g, a);
                b = Preprocessor.overWhite(b, a);
            }
            luma[i] = (299 * r + 587 * g + 114 * b + 500) / 1000;
        }
        return luma;
    }

    /** The outermost rows and columns, each pixel once. */
    private static int[] ring(int[] v, int w, int h) {
        if (w <= 2 || h <= 2) {
            return v.clone();
        }
        int[] ring = new int[2 * w + 2 * (h - 2)];
        int n = 0;
        for (int x = 0; x < w; x++) {
            ring[n++] = v[x];
            ring[n++] = v[(h - 1) * w + x];
        }
        for (int y = 1; y < h - 1; y++) {
            ring[n++] = v[y * w];
            ring[n++] = v[y * w + w - 1];
        }
        return ring;
    }

    private static int lowerMedian(int[] values) {
        int[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(sorted.length - 1) / 2];
    }

    /** Maps the background level to 0 and stretches the rest back to 0–255. */
    private static void liftBackground(int[] v, int background) {
        if (background == 0) {
            return;
        }
        if (background == 255) {
            Arrays.fill(v, 0);
            return;
        }
        int range = 255 - background;
        for (int i = 0; i < v.length; i++) {
            v[i] = v[i] <= background ? 0 : Math.min(255, ((v[i] - background) * 255 + range / 2) / range);
        }
    }

    /** {x, y, width, height} of the pixels above the trim threshold, or the whole image when none is. */
    private int[] boundingBox(int[] v, int w, int h) {
        int minX = w;
        int minY = h;
        int maxX = -1;
        int maxY = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (v[y * w + x] > trimThreshold) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        if (maxX < 0) {
            return new int[] {0, 0, w, h};
        }
        return new int[] {minX, minY, maxX - minX + 1, maxY - minY + 1};
    }
}
