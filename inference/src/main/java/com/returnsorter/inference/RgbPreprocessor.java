package com.returnsorter.inference;

import java.util.List;

/**
 * The {@code rgb} profile, for ImageNet-style models such as MobileNetV2 exported from Keras or
 * PyTorch: composite over white, area-resize to the model's {@code width × height}, divide by
 * {@code scale}, then subtract {@code mean} and divide by {@code std} per channel, in NCHW or NHWC.
 */
public final class RgbPreprocessor implements Preprocessor {

    private final int width;
    private final int height;
    private final double scale;
    private final double[] mean;
    private final double[] std;
    private final boolean channelsFirst;

    public RgbPreprocessor(int width, int height, double scale, List<Double> mean, List<Double> std, String layout) {
        if (width <= 0 || height <= 0 || scale <= 0) {
            throw new IllegalArgumentException("invalid rgb preprocessing: " + width + "x" + height + " scale " + scale);
        }
        this.width = width;
        this.height = height;
        this.scale = scale;
        this.mean = channels(mean, 0.0, "mean");
        this.std = channels(std, 1.0, "std");
        if (!"NCHW".equals(layout) && !"NHWC".equals(layout)) {
            throw new IllegalArgumentException("layout must be NCHW or NHWC, not " + layout);
        }
        this.channelsFirst = "NCHW".equals(layout);
    }

    private static double[] channels(List<Double> values, double fallback, String name) {
        if (values == null || values.isEmpty()) {
            return new double[] {fallback, fallback, fallback};
        }
        if (values.size() != 3) {
            throw new IllegalArgumentException(name + " needs 3 values, one per channel");
        }
        double[] result = new double[3];
        for (int c = 0; c < 3; c++) {
            result[c] = values.get(c);
            if (name.equals("std") && result[c] == 0) {
                throw new IllegalArgumentException("std must not be 0");
            }
        }
        return result;
    }

    @Override
    public long[] imageShape() {
        return channelsFirst ? new long[] {3, height, width} : new long[] {height, width, 3};
    }

    @Override
    public SubjectCheck preprocess(DecodedImage image, float[] tensor, int offset) {
        int w = image.width();
        int h = image.height();
        int[] argb = image.argb();
        int plane = width * height;
        for (int c = 0; c < 3; c++) {
            int shift = 16 - 8 * c;
            float[] channel = new float[w * h];
            for (int i = 0; i < argb.length; i++) {
                int p = argb[i];
                channel[i] = Preprocessor.overWhite(p >> shift & 0xFF, p >>> 24);
            }
            double[] resized = AreaResampler.resample(channel, w, h, width, height);
            for (int i = 0; i < plane; i++) {
                float value = (float) ((resized[i] / scale - mean[c]) / std[c]);
                tensor[offset + (channelsFirst ? c * plane + i : i * 3 + c)] = value;
            }
        }
        return SubjectCheck.FOUND;
    }
}
