package com.returnsorter.inference;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PreprocessorTest {

    private final FashionMnistPreprocessor fashion = new FashionMnistPreprocessor(28, 28, 24);

    @Test
    void darkItemOnLightBackgroundBecomesLightItemOnBlackFittedAndCentred() {
        // A 100x50 dark bar on a white 400x300 canvas, off-centre.
        int w = 400;
        int h = 300;
        int[] argb = new int[w * h];
        Arrays.fill(argb, 0xFFFFFFFF);
        for (int y = 20; y < 70; y++) {
            for (int x = 30; x < 130; x++) {
                argb[y * w + x] = 0xFF000000;
            }
        }
        double[] canvas = fashion.canvas(new DecodedImage(w, h, argb, ImageFormat.PNG, w, h));
        // 100x50 fits as 28x14, centred vertically: rows 7..20 full, the rest black.
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                double expected = y >= 7 && y < 21 ? 255.0 : 0.0;
                assertThat(canvas[y * 28 + x]).as("pixel %d,%d", x, y).isCloseTo(expected, within(1e-9));
            }
        }
    }

    @Test
    void greyBackgroundIsLiftedToZero() {
        int[] argb = new int[50 * 50];
        Arrays.fill(argb, 0xFFE0E0E0);
        argb[25 * 50 + 25] = 0xFF202020;
        double[] canvas = fashion.canvas(new DecodedImage(50, 50, argb, ImageFormat.JPEG, 50, 50));
        // Inverted, the background is 31 and the item 223; lifting maps 31 to 0 and the item to
        // round((223 - 31) * 255 / 224) = 219. The one-pixel item, fitted, fills the canvas.
        assertThat(Arrays.stream(canvas).min().orElseThrow()).isCloseTo(219.0, within(1e-9));
        assertThat(Arrays.stream(canvas).max().orElseThrow()).isCloseTo(219.0, within(1e-9));
    }

    @Test
    void blankPhotoGivesABlankInputInsteadOfFailing() {
        int[] argb = new int[64 * 48];
        Arrays.fill(argb, 0xFFFFFFFF);
        double[] canvas = fashion.canvas(new DecodedImage(64, 48, argb, ImageFormat.PNG, 64, 48));
        assertThat(Arrays.stream(canvas).max().orElseThrow()).isZero();
    }

    @Test
    void areaResamplingAveragesCoveredPixels() {
        float[] plane = {0, 255, 0, 255};
        assertThat(AreaResampler.resample(plane, 4, 1, 2, 1)).containsExactly(127.5, 127.5);
        assertThat(AreaResampler.resample(plane, 4, 1, 4, 1)).containsExactly(0, 255, 0, 255);
        double[] thirds = AreaResampler.resample(new float[] {0, 0, 90}, 3, 1, 2, 1);
        assertThat(thirds[0]).isCloseTo(0.0, within(1e-9));
        assertThat(thirds[1]).isCloseTo(60.0, within(1e-9));
    }

    @Test
    void rgbProfileNormalisesPerChannelInTheCardsLayout() {
        int[] argb = new int[10 * 10];
        Arrays.fill(argb, 0xFF336699);
        DecodedImage image = new DecodedImage(10, 10, argb, ImageFormat.PNG, 10, 10);
        List<Double> mean = List.of(0.485, 0.456, 0.406);
        List<Double> std = List.of(0.229, 0.224, 0.225);

        RgbPreprocessor nchw = new RgbPreprocessor(4, 2, 255.0, mean, std, "NCHW");
        float[] planar = new float[nchw.imageSize()];
        nchw.preprocess(image, planar, 0);
        assertThat(nchw.imageShape()).containsExactly(3, 2, 4);
        assertThat(planar[0]).isCloseTo((float) ((0x33 / 255.0 - 0.485) / 0.229), within(1e-5f));
        assertThat(planar[8]).isCloseTo((float) ((0x66 / 255.0 - 0.456) / 0.224), within(1e-5f));
        assertThat(planar[16]).isCloseTo((float) ((0x99 / 255.0 - 0.406) / 0.225), within(1e-5f));

        RgbPreprocessor nhwc = new RgbPreprocessor(4, 2, 255.0, mean, std, "NHWC");
        float[] interleaved = new float[nhwc.imageSize()];
        nhwc.preprocess(image, interleaved, 0);
        assertThat(nhwc.imageShape()).containsExactly(2, 4, 3);
        assertThat(interleaved[1]).isCloseTo(planar[8], within(1e-6f));
        assertThat(interleaved[2]).isCloseTo(planar[16], within(1e-6f));
    }

    @Test
    void softmaxTurnsLogitsIntoProbabilities() {
        float[] logits = {1000f, 1000f, -1000f};
        OnnxModel.softmaxInPlace(logits);
        assertThat(logits[0]).isCloseTo(0.5f, within(1e-6f));
        assertThat(logits[2]).isCloseTo(0f, within(1e-6f));
    }
}
