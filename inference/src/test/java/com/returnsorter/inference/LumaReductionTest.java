package com.returnsorter.inference;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The garment-photo profile's steps 1–2 as the decoder does them: area reduction of the luma with PIL's
 * {@code Image.reduce} semantics (partial blocks at the right and bottom of the upright photo), the EXIF
 * orientation applied to the reduced plane only, and the JPEG's Y channel decoded alone.
 */
class LumaReductionTest {

    @Test
    void reducingStoredPixelsEqualsReducingTheUprightPhotoForEveryOrientation() {
        Random random = new Random(13);
        int[][] sizes = {{7, 5}, {5, 7}, {9, 4}, {16, 12}, {1, 3}};
        for (int[] size : sizes) {
            int w = size[0];
            int h = size[1];
            byte[] gray = new byte[w * h];
            int[] argb = new int[w * h];
            for (int i = 0; i < gray.length; i++) {
                int v = random.nextInt(256);
                gray[i] = (byte) v;
                argb[i] = 0xFF000000 | v << 16 | v << 8 | v;
            }
            for (int workingSide : new int[] {2, 3, 4, 100}) {
                for (int orientation = 1; orientation <= 8; orientation++) {
                    DecodedImage stored = new DecodedImage(w, h, argb, ImageFormat.PNG, w, h);
                    DecodedImage upright = ExifOrientation.apply(stored, orientation);
                    double[] expected = naiveReduce(upright, LumaReduction.factor(w, h, workingSide));

                    DecodedImage reduced = LumaReduction.ofGray(gray, 0, w, w, h, orientation, workingSide,
                            ImageFormat.JPEG, w, h);

                    String what = w + "x" + h + " side " + workingSide + " orientation " + orientation;
                    assertThat(reduced.width()).as(what).isEqualTo((upright.width() + reduced.reduction() - 1) / reduced.reduction());
                    assertThat(reduced.luma()).as(what).containsExactly(expected, within(1e-12));
                }
            }
        }
    }

    @Test
    void partialBlocksAreAveragedOverThePixelsTheyHave() {
        // 5 x 1, k = 2: blocks {10, 20}, {30, 40}, {50}.
        byte[] gray = {10, 20, 30, 40, 50};
        DecodedImage reduced = LumaReduction.ofGray(gray, 0, 5, 5, 1, 1, 3, ImageFormat.JPEG, 5, 1);
        assertThat(reduced.reduction()).isEqualTo(2);
        assertThat(reduced.luma()).containsExactly(15.0, 35.0, 50.0);
    }

    @Test
    void argbIsReducedAsLumaCompositedOverWhite() {
        int[] argb = {0xFFFF0000, 0x00000000, 0xFF00FF00, 0xFF0000FF};
        DecodedImage reduced = LumaReduction.ofArgb(new DecodedImage(2, 2, argb, ImageFormat.PNG, 2, 2), 1);
        // red 76, transparent = white 255, green 150, blue 29
        assertThat(reduced.luma()).containsExactly((76 + 255 + 150 + 29) / 4.0);
    }

    @Test
    void aTwelveMegapixelJpegIsDecodedAsItsLumaWithinThePerImageHeap() throws Exception {
        byte[] jpeg = CameraJpegs.landscape();
        ImageDecoder decoder = new ImageDecoder(DecoderLimits.defaults(), 256);

        ImageHeader header = decoder.inspect(jpeg);
        DecodedImage decoded = decoder.decode(jpeg);

        assertThat(header.lumaStep()).isEqualTo(1);
        assertThat(header.heapBytes()).isLessThanOrEqualTo(DecoderLimits.DEFAULT_MAX_DECODE_HEAP_BYTES);
        assertThat(decoded.luma()).isNotNull();
        assertThat(decoded.reduction()).isEqualTo(16);
        assertThat(decoded.width()).isEqualTo(252);
        assertThat(decoded.height()).isEqualTo(189);
        // The Y channel equals the luma of the decoded RGB up to rounding, which averages out over 16 x 16 blocks.
        BufferedImage full = ImageIO.read(new ByteArrayInputStream(jpeg));
        int[] argb = full.getRGB(0, 0, full.getWidth(), full.getHeight(), null, 0, full.getWidth());
        double[] fromRgb = LumaReduction.ofArgb(new DecodedImage(full.getWidth(), full.getHeight(), argb, ImageFormat.JPEG,
                full.getWidth(), full.getHeight()), 256).luma();
        assertThat(decoded.luma()).containsExactly(fromRgb, within(1.0));
    }

    @Test
    void anExifSixPortraitIsReducedUpright() throws Exception {
        byte[] landscape = CameraJpegs.landscape();
        byte[] portrait = CameraJpegs.withExifOrientation(landscape, 6);
        ImageDecoder decoder = new ImageDecoder(DecoderLimits.defaults(), 256);

        DecodedImage stored = decoder.decode(landscape);
        DecodedImage upright = decoder.decode(portrait);

        assertThat(upright.width()).isEqualTo(189);
        assertThat(upright.height()).isEqualTo(252);
        // Orientation 6 shows stored (sx, sy) at (h - 1 - sy, sx).
        for (int sy = 0; sy < stored.height(); sy += 7) {
            for (int sx = 0; sx < stored.width(); sx += 5) {
                int x = stored.height() - 1 - sy;
                assertThat(upright.luma()[sx * upright.width() + x]).isEqualTo(stored.luma()[sy * stored.width() + sx]);
            }
        }
    }

    @Test
    void aJpegWhoseFullLumaWouldNotFitIsSubsampledByTheSmallestStepThatFits() throws Exception {
        ImageDecoder decoder = new ImageDecoder(DecoderLimits.defaults(), 256);
        ImageHeader header = decoder.inspect(Fixtures.jpegDeclaring(7200, 5400)); // 38.9 MP
        assertThat(header.lumaStep()).isEqualTo(2);
        assertThat(header.heapBytes()).isLessThanOrEqualTo(DecoderLimits.DEFAULT_MAX_DECODE_HEAP_BYTES);
    }

    @Test
    void aDecoderWithoutLumaReductionStillDeliversArgb() throws Exception {
        DecodedImage decoded = new ImageDecoder(DecoderLimits.defaults()).decode(CameraJpegs.landscape());
        assertThat(decoded.luma()).isNull();
        assertThat(decoded.width()).isEqualTo(1008);
    }

    /** PIL's Image.reduce on the upright luma, written the obvious way. */
    private static double[] naiveReduce(DecodedImage upright, int k) {
        int w = upright.width();
        int h = upright.height();
        int ow = (w + k - 1) / k;
        int oh = (h + k - 1) / k;
        double[] out = new double[ow * oh];
        for (int by = 0; by < oh; by++) {
            for (int bx = 0; bx < ow; bx++) {
                long sum = 0;
                int n = 0;
                for (int y = by * k; y < Math.min(h, by * k + k); y++) {
                    for (int x = bx * k; x < Math.min(w, bx * k + k); x++) {
                        sum += upright.argb()[y * w + x] & 0xFF;
                        n++;
                    }
                }
                out[by * ow + bx] = (double) sum / n;
            }
        }
        return out;
    }
}
