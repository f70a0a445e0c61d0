package com.returnsorter.inference;

/**
 * Area ("box") resampling with fractional pixel coverage: each output pixel is the average of the
 * source area it covers. Separable, in double precision, with no rounding: the same arithmetic as
 * {@code Wy @ crop @ Wx.T} in the training script, so that serving sees what training saw.
 */
final class AreaResampler {

    private AreaResampler() {
    }

    /** Resamples a {@code w × h} plane (row-major, values 0–255, exact in float) to {@code ow × oh}. */
    static double[] resample(float[] plane, int w, int h, int ow, int oh) {
        double[] values = new double[plane.length];
        for (int i = 0; i < plane.length; i++) {
            values[i] = plane[i];
        }
        return resample(values, w, h, ow, oh);
    }

    /** Resamples a {@code w × h} plane (row-major) to {@code ow × oh}. */
    static double[] resample(double[] plane, int w, int h, int ow, int oh) {
        Weights wx = Weights.of(w, ow);
        Weights wy = Weights.of(h, oh);
        double[] horizontal = new double[h * ow];
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int j = 0; j < ow; j++) {
                double sum = 0;
                double[] weights = wx.weights[j];
                int start = wx.start[j];
                for (int k = 0; k < weights.length; k++) {
                    sum += plane[row + start + k] * weights[k];
                }
                horizontal[y * ow + j] = sum;
            }
        }
        double[] out = new double[oh * ow];
        for (int i = 0; i < oh; i++) {
            double[] weights = wy.weights[i];
            int start = wy.start[i];
            for (int j = 0; j < ow; j++) {
                double sum = 0;
                for (int k = 0; k < weights.length; k++) {
                    sum += horizontal[(start + k) * ow + j] * weights[k];
                }
                out[i * ow + j] = sum;
            }
        }
        return out;
    }

    /** For each output index, the first source index it covers and the normalised coverage of each. */
    private record Weights(int[] start, double[][] weights) {

        static Weights of(int in, int out) {
            int[] start = new int[out];
            double[][] weights = new double[out][];
            double scale = (double) in / out;
            for (int j = 0; j < out; j++) {
                double from = j * scale;
                double to = (j + 1) * scale;
                int first = (int) Math.floor(from);
                int last = Math.min(in - 1, (int) Math.ceil(to) - 1);
                double[] w = new double[last - first + 1];
                double sum = 0;
                for (int x = first; x <= last; x++) {
                    double overlap = Math.min(x + 1, to) - Math.max(x, from);
                    w[x - first] = Math.max(0, overlap);
                    sum += w[x - first];
                }
                for (int k = 0; k < w.length; k++) {
                    w[k] /= sum;
                }
                start[j] = first;
                weights[j] = w;
            }
            return new Weights(start, weights);
        }
    }
}
