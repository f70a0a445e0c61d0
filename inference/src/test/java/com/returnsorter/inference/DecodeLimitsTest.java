package com.returnsorter.inference;

import com.returnsorter.inference.ImageRejectedException.Reason;
import com.returnsorter.inference.hostile.HostileCorpus;
import org.junit.jupiter.api.Test;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The limits that are not simply "a header too big": the deadline, the request budget, the inspection's figures. */
class DecodeLimitsTest {

    private static final byte[] THOUSAND_SCANS = HostileCorpus.committed().stream()
            .filter(c -> c.path().equals("jpeg/progressive-1000-scans.jpg")).findFirst().orElseThrow().bytes();

    @Test
    void aDecodeStillRunningAtItsDeadlineIsStoppedAndRejectedAsDecodeTimeout() {
        // A 16 Mpx progressive photo: within every header limit, and it takes far longer than 20 ms to decode.
        BufferedImage photo = new BufferedImage(4000, 4000, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(7);
        for (int y = 0; y < 4000; y++) {
            for (int x = 0; x < 4000; x++) {
                photo.setRGB(x, y, (x * 255 / 4000) << 16 | (y * 255 / 4000) << 8 | random.nextInt(64));
            }
        }
        byte[] progressive = progressiveJpeg(photo);
        ImageDecoder decoder = new ImageDecoder(DecoderLimits.defaults().withDecodeTimeout(Duration.ofMillis(20)));

        Throwable thrown = catchThrowable(() -> decoder.decode(progressive));

        assertThat(thrown).isInstanceOf(ImageRejectedException.class);
        ImageRejectedException rejected = (ImageRejectedException) thrown;
        assertThat(rejected.reason()).as(rejected.getMessage()).isEqualTo(Reason.DECODE_TIMEOUT);
        assertThat(rejected.reason().code()).isEqualTo("decode-timeout");
        assertThat(rejected.reason().httpStatus()).isEqualTo(413);
        assertThat(rejected.getMessage()).contains("20 ms");
        // The same file decodes with the default deadline: the rejection came from the clock, not the bytes.
        assertThat(catchThrowable(() -> new ImageDecoder(DecoderLimits.defaults()).decode(progressive))).isNull();
    }

    @Test
    void theScanCountAndTheScansWorkAreCheckedBeforeDecoding() {
        ImageDecoder fewScans = new ImageDecoder(DecoderLimits.defaults().withMaxJpegScans(5));
        assertThatThrownBy(() -> fewScans.inspect(THOUSAND_SCANS))
                .isInstanceOfSatisfying(ImageRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.CORRUPT);
                    assertThat(e.getMessage()).contains("more than 5 scans");
                });
        ImageDecoder decoder = new ImageDecoder(DecoderLimits.defaults());
        assertThatThrownBy(() -> decoder.inspect(THOUSAND_SCANS))
                .isInstanceOfSatisfying(ImageRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.CORRUPT);
                    assertThat(e.getMessage()).contains("8x8 blocks in all");
                });
    }

    private static byte[] progressiveJpeg(BufferedImage image) {
        try {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
                writer.setOutput(stream);
                writer.write(null, new IIOImage(image, null, null), param);
            } finally {
                writer.dispose();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theInputStreamRefusesEveryReadOnceTheDeadlineHasPassed() throws IOException {
        try (DeadlineImageInputStream open = new DeadlineImageInputStream(new byte[] {1, 2, 3}, System.nanoTime() + 60_000_000_000L)) {
            assertThat(open.read()).isEqualTo(1);
        }
        try (DeadlineImageInputStream expired = new DeadlineImageInputStream(new byte[] {1, 2, 3}, System.nanoTime() - 1)) {
            assertThatThrownBy(expired::read).isInstanceOf(DeadlineImageInputStream.DeadlineExceeded.class);
            assertThatThrownBy(() -> expired.read(new byte[2], 0, 2)).isInstanceOf(DeadlineImageInputStream.DeadlineExceeded.class);
        }
    }

    @Test
    void aRequestBudgetRefusesTheImageThatWouldExceedItUntilEarlierPixelsAreReleased() throws Exception {
        ImageDecoder decoder = new ImageDecoder(DecoderLimits.defaults());
        byte[] photo = Fixtures.encode(new BufferedImage(1024, 1024, BufferedImage.TYPE_INT_RGB), "png");
        long need = decoder.inspect(photo).heapBytes();
        // Room for one decode in progress plus a little: the first image's pixels (4 MiB) must be released.
        DecodeBudget budget = DecodeBudget.ofBytes(need + 1024 * 1024);

        DecodedImage first = decoder.decode(photo, budget);
        assertThat(budget.reservedBytes()).as("the first image's pixels stay reserved").isEqualTo(1024L * 1024 * 4);
        Throwable refused = catchThrowable(() -> decoder.decode(photo, budget));
        assertThat(refused).isInstanceOfSatisfying(ImageRejectedException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE);
            assertThat(e.getMessage()).contains("this request's images already hold");
        });
        assertThat(budget.reservedBytes()).as("a refused decode reserves nothing").isEqualTo(1024L * 1024 * 4);

        budget.release(first);
        budget.release(first);
        assertThat(budget.reservedBytes()).isZero();
        DecodedImage second = decoder.decode(photo, budget);
        assertThat(second.width()).isEqualTo(1024);
    }

    @Test
    void aFailedDecodeGivesItsWholeReservationBack() {
        ImageDecoder decoder = new ImageDecoder(DecoderLimits.defaults());
        DecodeBudget budget = decoder.newRequestBudget();
        assertThat(budget.maxBytes()).isEqualTo(DecoderLimits.DEFAULT_MAX_REQUEST_DECODE_BYTES);
        assertThat(catchThrowable(() -> decoder.decode(Fixtures.resource("truncated.jpg"), budget)))
                .isInstanceOf(ImageRejectedException.class);
        assertThat(budget.reservedBytes()).isZero();
    }

    @Test
    void pngCostIsItsRowsNotOnlyItsPixelCount() throws Exception {
        ImageDecoder decoder = new ImageDecoder(DecoderLimits.defaults());
        // 40,000,000 pixels is within the pixel limit; three rows of 160 MB are not within the memory limit.
        byte[] rowBomb = Fixtures.pngDeclaring(40_000_000, 1);
        assertThatThrownBy(() -> decoder.inspect(rowBomb))
                .isInstanceOfSatisfying(ImageRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_PIXELS);
                    assertThat(e.getMessage()).contains("rows of 40000000 pixels");
                });
        ImageHeader photo = decoder.inspect(Fixtures.pngDeclaring(4000, 3000));
        // k = 4: a 1000x750 destination (3 bytes) plus its ARGB and upright copies, and three 12 kB rows.
        assertThat(photo.heapBytes()).isBetween(1000L * 750 * 11, 1000L * 750 * 11 + 512 * 1024);
    }

    @Test
    void progressiveJpegCountsItsCoefficientBuffersAsNativeMemory() throws Exception {
        ImageDecoder decoder = new ImageDecoder(DecoderLimits.defaults());
        ImageHeader baseline = decoder.inspect(Fixtures.jpegDeclaring(4000, 3000));
        assertThat(baseline.nativeBytes()).isLessThan(1024 * 1024);
        byte[] progressive = Fixtures.jpegDeclaring(4000, 3000);
        progressive[3] = (byte) 0xC2; // SOF2
        // 4:4:4, three components: 500 x 375 blocks x 64 coefficients x 2 bytes each.
        assertThat(decoder.inspect(progressive).nativeBytes()).isGreaterThanOrEqualTo(3L * 500 * 375 * 128);
    }

    @Test
    void everySamplePhotoIsWellWithinThePerImageLimits() throws Exception {
        ImageDecoder decoder = new ImageDecoder(DecoderLimits.defaults());
        long largest = 0;
        try (var photos = java.nio.file.Files.list(Fixtures.root().resolve("samples/returns"))) {
            for (java.nio.file.Path photo : photos.toList()) {
                ImageHeader header = decoder.inspect(java.nio.file.Files.readAllBytes(photo));
                largest = Math.max(largest, header.heapBytes());
            }
        }
        assertThat(largest).isPositive().isLessThan(DecoderLimits.DEFAULT_MAX_DECODE_HEAP_BYTES / 4);
    }
}
