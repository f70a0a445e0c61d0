package com.returnsorter.inference;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The garment-photo profile finds the garment as a connected object on an unevenly lit background and
 * says when it is not sure (steps 3–11 of model/PREPROCESSING.md). Photos are drawn here: 640 × 480,
 * light falling off by 35 % towards the corners, noise of about ±4 levels, dark items.
 */
class GarmentPhotoPreprocessorTest {

    /** The parameter values of the spec's version 2 (model/PREPROCESSING.md). */
    static final GarmentPhotoPreprocessor.Parameters SPEC = new GarmentPhotoPreprocessor.Parameters(28, 28, 256, 0.08, 32, 4, 6,
            3.0, 4.0, 0.004, 4.0, 0.2, 0.995, 1, 0.0015, 0.25, 0.03, 0.2, 0.4, 0.15, 2.0, 0.98);

    private static final int W = 640;
    private static final int H = 480;

    private final GarmentPhotoPreprocessor profile = new GarmentPhotoPreprocessor(SPEC);

    @Test
    void findsOneGarmentOnAVignettedBackgroundAndFillsTheCanvasWithIt() {
        Photo photo = new Photo().ellipse(320, 240, 120, 170, 60);

        GarmentPhotoPreprocessor.Result result = profile.run(photo.image());

        assertThat(result.check()).isEqualTo(SubjectCheck.FOUND);
        // Working size: k = ceil(640 / 256) = 3 -> 214 x 160; the box is the ellipse's, not the frame's.
        assertThat(result.workingWidth()).isEqualTo(214);
        int[] box = result.bbox();
        assertThat(box[0]).isBetween(60, 68);
        assertThat(box[2]).isBetween(145, 153);
        assertThat(box[1]).isBetween(20, 28);
        assertThat(box[3]).isBetween(130, 138);
        double[] canvas = result.canvas();
        assertThat(canvas[14 * 28 + 14]).isGreaterThan(0.8);   // item: light on black
        assertThat(canvas[0]).isZero();                        // corner: black
        assertThat(canvas[14 * 28]).isZero();                  // left of a tall item: the canvas's margin
    }

    @Test
    void aBlankFrameIsNotSure() {
        GarmentPhotoPreprocessor.Result result = profile.run(new Photo().image());

        assertThat(result.check().verdict()).map(Unsure::reason).contains(Unsure.BLANK_FRAME);
        assertThat(result.canvas()).containsOnly(0.0);
    }

    @Test
    void twoGarmentsAreSeveralObjects() {
        Photo photo = new Photo().ellipse(170, 240, 90, 150, 60).ellipse(470, 240, 90, 150, 70);

        SubjectCheck check = profile.run(photo.image()).check();

        assertThat(check.verdict()).map(Unsure::reason).contains(Unsure.SEVERAL_OBJECTS);
        assertThat(check.unsure().message()).contains("more than one");
    }

    @Test
    void anItemFarTooSmallInTheFrameIsNotSure() {
        Photo photo = new Photo().ellipse(320, 240, 18, 24, 50);

        assertThat(profile.run(photo.image()).check().verdict()).map(Unsure::reason).contains(Unsure.OBJECT_TOO_SMALL);
    }

    @Test
    void aLabelAtTheFrameEdgeDoesNotWidenTheGarmentsBox() {
        Photo withLabel = new Photo().ellipse(320, 240, 120, 170, 60).rectangle(560, 0, 640, 60, 40);
        Photo without = new Photo().ellipse(320, 240, 120, 170, 60);

        GarmentPhotoPreprocessor.Result labelled = profile.run(withLabel.image());

        assertThat(labelled.check()).isEqualTo(SubjectCheck.FOUND);
        assertThat(labelled.bbox()).containsExactly(profile.run(without.image()).bbox());
    }

    @Test
    void aLightItemOnADarkBackgroundIsFoundAsWell() {
        Photo photo = new Photo(30).ellipse(320, 240, 120, 170, 200);

        GarmentPhotoPreprocessor.Result result = profile.run(photo.image());

        assertThat(result.check()).isEqualTo(SubjectCheck.FOUND);
        assertThat(result.canvas()[14 * 28 + 14]).isGreaterThan(0.8);
    }

    @Test
    void quantilesAreThoseOfAFullSortEvenWithManyEqualValues() {
        SplittableRandom random = new SplittableRandom(3);
        for (int n : new int[] {1, 2, 3, 10, 1000, 4097}) {
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = random.nextInt(n % 7 == 0 ? 3 : 50) / 7.0;
            }
            double[] sorted = values.clone();
            java.util.Arrays.sort(sorted);
            for (double q : new double[] {0, 0.5, 0.98, 0.995, 1}) {
                assertThat(GarmentPhotoPreprocessor.quantileLower(values, q)).as("n %d q %s", n, q)
                        .isEqualTo(sorted[(int) Math.floor(q * (n - 1))]);
            }
        }
    }

    @Test
    void theProfileAsksTheDecoderForLumaReducedToItsWorkingSide() {
        assertThat(profile.lumaWorkingSide()).isEqualTo(256);
        assertThat(profile.imageShape()).containsExactly(1, 28, 28);
    }

    /** A drawn photo: background level {@code paper} with vignetting and noise, items painted over it. */
    private static final class Photo {

        private final int[] luma = new int[W * H];
        private final int paper;

        Photo() {
            this(225);
        }

        Photo(int paper) {
            this.paper = paper;
            for (int i = 0; i < luma.length; i++) {
                luma[i] = -1;
            }
        }

        Photo ellipse(int cx, int cy, int rx, int ry, int level) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    double dx = (x - cx) / (double) rx;
                    double dy = (y - cy) / (double) ry;
                    if (dx * dx + dy * dy <= 1) {
                        luma[y * W + x] = level;
                    }
                }
            }
            return this;
        }

        Photo rectangle(int x0, int y0, int x1, int y1, int level) {
            for (int y = y0; y < y1; y++) {
                for (int x = x0; x < x1; x++) {
                    luma[y * W + x] = level;
                }
            }
            return this;
        }

        DecodedImage image() {
            SplittableRandom random = new SplittableRandom(7);
            int[] argb = new int[W * H];
            double cx = W / 2.0;
            double cy = H / 2.0;
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    double r2 = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (cx * cx + cy * cy);
                    int base = luma[y * W + x] >= 0 ? luma[y * W + x] : paper;
                    double light = 1.0 - 0.35 * r2;
                    int v = (int) Math.max(0, Math.min(255, Math.round(base * light) + random.nextInt(9) - 4));
                    argb[y * W + x] = 0xFF000000 | v << 16 | v << 8 | v;
                }
            }
            return new DecodedImage(W, H, argb, ImageFormat.PNG, W, H);
        }
    }
}
