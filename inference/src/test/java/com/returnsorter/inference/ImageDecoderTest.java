package com.returnsorter.inference;

import com.returnsorter.inference.ImageRejectedException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class ImageDecoderTest {

    private final ImageDecoder decoder = new ImageDecoder(DecoderLimits.defaults());
    private final FashionMnistPreprocessor preprocessor = new FashionMnistPreprocessor(28, 28, 24);

    @ParameterizedTest(name = "{0} shows the same item as upright.png")
    @ValueSource(strings = {"upright.bmp", "upright.tiff", "upright-lossless.webp", "grayscale.jpg", "cmyk.jpg",
            "exif-orientation-6.jpg", "gray16.png", "palette.png", "rgba-transparent.png", "animated.gif"})
    void everySupportedVariantDecodesToTheSamePicture(String fixture) throws Exception {
        DecodedImage reference = decoder.decode(Fixtures.resource("upright.png"));
        DecodedImage variant = decoder.decode(Fixtures.resource(fixture));

        assertThat(variant.width()).isEqualTo(reference.width());
        assertThat(variant.height()).isEqualTo(reference.height());
        assertThat(meanAbsoluteDifference(preprocessor.canvas(variant), preprocessor.canvas(reference)))
                .as("mean difference of the 28x28 model input, 0-255 scale")
                .isLessThan(8.0);
    }

    @Test
    void exifOrientationIsAppliedSoASidewaysPhotoIsUpright() throws Exception {
        DecodedImage rotated = decoder.decode(Fixtures.resource("exif-orientation-6.jpg"));
        DecodedImage upright = decoder.decode(Fixtures.resource("upright.png"));
        // The stored pixels are sideways (width and height swapped); the decoder must undo that.
        assertThat(rotated.sourceWidth()).isEqualTo(upright.height());
        assertThat(rotated.width()).isEqualTo(upright.width());
    }

    @Test
    void transparentBackgroundIsCompositedOverWhite() throws Exception {
        DecodedImage rgba = decoder.decode(Fixtures.resource("rgba-transparent.png"));
        int corner = rgba.argb()[0];
        assertThat(corner >>> 24).as("corner alpha").isZero();
        double[] canvas = preprocessor.canvas(rgba);
        // Composited over white, the background is light and gets inverted to 0 like any photo's.
        assertThat(canvas[0]).isZero();
    }

    @Test
    void aWebpWhoseIccProfileIsDamagedIsDecodedWithoutItAndAWarning() throws Exception {
        byte[] simple = Fixtures.resource("upright-lossless.webp");
        DecodedImage reference = decoder.decode(simple);
        // The same pixels in an extended WebP whose ICCP chunk's profile header declares 2 GB, which
        // TwelveMonkeys would allocate before reading it.
        java.io.ByteArrayOutputStream chunks = new java.io.ByteArrayOutputStream();
        int w = reference.width() - 1;
        int h = reference.height() - 1;
        chunks.writeBytes("VP8X".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        chunks.writeBytes(new byte[] {10, 0, 0, 0, 0x20, 0, 0, 0,
                (byte) w, (byte) (w >> 8), (byte) (w >> 16), (byte) h, (byte) (h >> 8), (byte) (h >> 16)});
        byte[] profile = new byte[128];
        profile[0] = 0x7F;
        profile[1] = (byte) 0xFF;
        profile[2] = (byte) 0xFF;
        profile[3] = (byte) 0xF0;
        chunks.writeBytes("ICCP".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        chunks.writeBytes(new byte[] {(byte) 128, 0, 0, 0});
        chunks.writeBytes(profile);
        chunks.write(simple, 12, simple.length - 12);
        byte[] body = chunks.toByteArray();
        java.io.ByteArrayOutputStream webp = new java.io.ByteArrayOutputStream();
        webp.writeBytes("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        int riff = body.length + 4;
        webp.writeBytes(new byte[] {(byte) riff, (byte) (riff >> 8), (byte) (riff >> 16), (byte) (riff >> 24)});
        webp.writeBytes("WEBP".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        webp.writeBytes(body);

        DecodedImage damaged = decoder.decode(webp.toByteArray());

        assertThat(damaged.argb()).isEqualTo(reference.argb());
        assertThat(damaged.warnings()).anyMatch(warning -> warning.contains("ICC profile declares"));
    }

    @Test
    void emptyFileIsRejectedAsEmpty() {
        assertRejected(new byte[0], Reason.EMPTY);
    }

    @Test
    void truncatedJpegIsRejectedAsCorrupt() {
        assertRejected(Fixtures.resource("truncated.jpg"), Reason.CORRUPT);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hello, this is not a photo", "<!DOCTYPE html><html><body>not an image</body></html>",
            "{\"object\": \"incoming/x.jpg\"}", "GIF8", "RIFF1234WAVE"})
    void textAndOtherNonImagesAreRejectedAsNotAnImage(String content) {
        assertRejected(content.getBytes(StandardCharsets.UTF_8), Reason.NOT_AN_IMAGE);
    }

    @Test
    void svgIsRejectedAsUnsupported() {
        String svg = "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\"/></svg>";
        assertRejected(svg.getBytes(StandardCharsets.UTF_8), Reason.UNSUPPORTED_FORMAT);
    }

    @Test
    void animatedWebpIsRejectedAsUnsupportedRatherThanMisread() {
        ImageRejectedException e = assertRejected(Fixtures.resource("animated.webp"), Reason.UNSUPPORTED_FORMAT);
        assertThat(e.getMessage()).contains("animated WebP");
    }

    @Test
    void animatedGifIsClassifiedByItsFirstFrame() throws Exception {
        DecodedImage first = decoder.decode(Fixtures.resource("animated.gif"));
        DecodedImage upright = decoder.decode(Fixtures.resource("upright.png"));
        assertThat(meanAbsoluteDifference(preprocessor.canvas(first), preprocessor.canvas(upright))).isLessThan(8.0);
    }

    @Test
    void heicAndPdfAreRejectedAsUnsupported() {
        byte[] heic = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0};
        assertRejected(heic, Reason.UNSUPPORTED_FORMAT);
        assertRejected("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII), Reason.UNSUPPORTED_FORMAT);
    }

    @Test
    void pngDeclaringTenGigapixelsIsRejectedBeforeDecoding() {
        byte[] bomb = Fixtures.pngDeclaring(100_000, 100_000);
        assertThat(bomb.length).isLessThan(100);
        ImageRejectedException e = assertRejected(bomb, Reason.TOO_MANY_PIXELS);
        assertThat(e.getMessage()).contains("100000x100000");
    }

    @Test
    void jpegDeclaringHugeDimensionsIsRejectedBeforeDecoding() {
        assertRejected(Fixtures.jpegDeclaring(65_000, 65_000), Reason.TOO_MANY_PIXELS);
    }

    @Test
    void fileOverTheByteLimitIsRejectedAsTooLarge() {
        ImageDecoder small = new ImageDecoder(new DecoderLimits(1_000, 1_000_000, 2048));
        assertThatThrownBy(() -> small.decode(Fixtures.resource("upright.png")))
                .isInstanceOfSatisfying(ImageRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
    }

    @Test
    void largeImagesAreSubsampledWhileDecoding() throws Exception {
        BufferedImage wide = new BufferedImage(5000, 40, BufferedImage.TYPE_INT_RGB);
        DecodedImage decoded = decoder.decode(Fixtures.encode(wide, "png"));
        // k = ceil(5000 / 1024) = 5: every fifth pixel of every fifth row.
        assertThat(decoded.width()).isEqualTo(1000);
        assertThat(decoded.height()).isEqualTo(8);
        assertThat(decoded.sourceWidth()).isEqualTo(5000);
    }

    @Test
    void formatComesFromTheBytesNotTheName() throws Exception {
        // A PNG that a client called photo.jpg still decodes as PNG.
        DecodedImage decoded = decoder.decode(Fixtures.resource("upright.png"));
        assertThat(decoded.format()).isEqualTo(ImageFormat.PNG);
    }

    @Test
    void damagedFilesAreRejectedNeverThrowAnythingElse() {
        Random random = new Random(20261122);
        String[] seeds = {"upright.png", "grayscale.jpg", "upright-lossless.webp", "animated.gif", "upright.tiff", "upright.bmp"};
        int rejected = 0;
        for (int round = 0; round < 240; round++) {
            byte[] bytes = Fixtures.resource(seeds[round % seeds.length]).clone();
            int mutations = 1 + random.nextInt(20);
            for (int m = 0; m < mutations; m++) {
                // Keep the signature so the decoder, not the sniffer, meets the damage.
                int position = 16 + random.nextInt(bytes.length - 16);
                bytes[position] = (byte) random.nextInt(256);
            }
            if (random.nextBoolean()) {
                bytes = java.util.Arrays.copyOf(bytes, 16 + random.nextInt(bytes.length - 16));
            }
            byte[] damaged = bytes;
            Throwable thrown = catchThrowable(() -> decoder.decode(damaged));
            if (thrown != null) {
                assertThat(thrown).isInstanceOf(ImageRejectedException.class);
                rejected++;
            }
        }
        assertThat(rejected).as("damaged files rejected").isPositive();
    }

    private ImageRejectedException assertRejected(byte[] bytes, Reason reason) {
        Throwable thrown = catchThrowable(() -> decoder.decode(bytes));
        assertThat(thrown).isInstanceOf(ImageRejectedException.class);
        ImageRejectedException rejected = (ImageRejectedException) thrown;
        assertThat(rejected.reason()).as(rejected.getMessage()).isEqualTo(reason);
        assertThat(rejected.getMessage()).isNotBlank();
        return rejected;
    }

    private static double meanAbsoluteDifference(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length;
    }
}
