package com.returnsorter.inference;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decoder's shortcut for true-colour images ({@link LumaReduction#ofSrgbBytes}, issue 15): reducing the
 * raster's bytes gives exactly what the ARGB path gives (getRGB, EXIF orientation, {@link LumaReduction#ofArgb}),
 * for the sample returns' PNGs and WebPs as their readers deliver them and for every byte layout, alpha,
 * sub-raster offset and orientation; other layouts are left to the ARGB path.
 */
class SrgbBytesReductionTest {

    @Test
    void samplePngsAndWebpsReduceFromTheirBytesExactlyAsFromArgb() throws IOException {
        int checked = 0;
        try (var files = Files.list(Fixtures.root().resolve("samples/returns"))) {
            for (Path file : files.sorted().filter(f -> !f.toString().endsWith(".jpg")).limit(40).toList()) {
                BufferedImage image = ImageIO.read(file.toFile());
                DecodedImage fast = LumaReduction.ofSrgbBytes(image, 1, 256, ImageFormat.PNG, image.getWidth(), image.getHeight());
                assertThat(fast).as(file.toString() + " " + image).isNotNull();
                assertSame(fast, image, 1, 256, file.toString());
                checked++;
            }
        }
        assertThat(checked).isEqualTo(40);
    }

    @Test
    void everyInterleavedLayoutAlphaOffsetAndOrientationMatchesTheArgbPath() {
        Random random = new Random(15);
        for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR}) {
            for (int[] size : new int[][] {{37, 23}, {23, 37}, {300, 7}, {5, 5}}) {
                BufferedImage image = new BufferedImage(size[0] + 3, size[1] + 2, type);
                for (int y = 0; y < image.getHeight(); y++) {
                    for (int x = 0; x < image.getWidth(); x++) {
                        int alpha = random.nextInt(4) == 0 ? random.nextInt(256) : 0xFF;
                        image.setRGB(x, y, alpha << 24 | random.nextInt(1 << 24));
                    }
                }
                // A sub-image: its raster starts inside the parent's buffer (translated sample model).
                BufferedImage sub = image.getSubimage(2, 1, size[0], size[1]);
                for (int side : new int[] {4, 16, 256}) {
                    for (int orientation = 1; orientation <= 8; orientation++) {
                        String what = type + " " + size[0] + "x" + size[1] + " side " + side + " orientation " + orientation;
                        DecodedImage fast = LumaReduction.ofSrgbBytes(sub, orientation, side, ImageFormat.PNG, size[0], size[1]);
                        assertThat(fast).as(what).isNotNull();
                        assertSame(fast, sub, orientation, side, what);
                    }
                }
            }
        }
    }

    @Test
    void otherLayoutsAreLeftToTheArgbPath() {
        for (int type : List.of(BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_BYTE_INDEXED,
                BufferedImage.TYPE_4BYTE_ABGR_PRE, BufferedImage.TYPE_USHORT_GRAY)) {
            BufferedImage image = new BufferedImage(8, 8, type);
            assertThat(LumaReduction.ofSrgbBytes(image, 1, 4, ImageFormat.PNG, 8, 8)).as("type " + type).isNull();
        }
    }

    private static void assertSame(DecodedImage fast, BufferedImage image, int orientation, int side, String what) {
        DecodedImage argb = new DecodedImage(image.getWidth(), image.getHeight(), ImageDecoder.toArgb(image),
                ImageFormat.PNG, image.getWidth(), image.getHeight());
        DecodedImage expected = LumaReduction.ofArgb(ExifOrientation.apply(argb, orientation), side);
        assertThat(fast.width()).as(what).isEqualTo(expected.width());
        assertThat(fast.height()).as(what).isEqualTo(expected.height());
        assertThat(fast.reduction()).as(what).isEqualTo(expected.reduction());
        assertThat(fast.luma()).as(what).containsExactly(expected.luma());
    }
}
