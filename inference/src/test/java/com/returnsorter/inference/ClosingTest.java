package com.returnsorter.inference;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Step 6's dilation and erosion (model/PREPROCESSING.md) as {@link GarmentPhotoPreprocessor} computes them,
 * separably (issue 15), against the square window of the spec checked pixel by pixel.
 */
class ClosingTest {

    @Test
    void separableDilationAndErosionEqualTheSquareWindow() {
        Random random = new Random(6);
        for (int[] size : new int[][] {{1, 1}, {1, 9}, {9, 1}, {2, 3}, {31, 17}, {64, 48}}) {
            int w = size[0];
            int h = size[1];
            for (double density : new double[] {0.02, 0.3, 0.7, 0.98}) {
                boolean[] mask = new boolean[w * h];
                for (int i = 0; i < mask.length; i++) {
                    mask[i] = random.nextDouble() < density;
                }
                for (int r = 0; r <= 3; r++) {
                    String what = w + "x" + h + " density " + density + " r " + r;
                    assertThat(GarmentPhotoPreprocessor.dilate(mask, w, h, r)).as(what).isEqualTo(window(mask, w, h, r, true));
                    assertThat(GarmentPhotoPreprocessor.erode(mask, w, h, r)).as(what).isEqualTo(window(mask, w, h, r, false));
                }
            }
        }
    }

    /** The spec's definition: any (all) of the pixels of the (2r+1)² square inside the image are set. */
    private static boolean[] window(boolean[] mask, int w, int h, int r, boolean any) {
        boolean[] out = new boolean[mask.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean result = !any;
                for (int yy = Math.max(0, y - r); yy <= Math.min(h - 1, y + r); yy++) {
                    for (int xx = Math.max(0, x - r); xx <= Math.min(w - 1, x + r); xx++) {
                        if (mask[yy * w + xx] == any) {
                            result = any;
                        }
                    }
                }
                out[y * w + x] = result;
            }
        }
        return out;
    }
}
