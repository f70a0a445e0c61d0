package com.returnsorter.predict;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.multipart.MultipartBody;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Not sure what this is" through the HTTP API with the bundled model, whose card uses the
 * garment-photo profile: the answer still has a category and confidence, and adds {@code unsure}
 * with a reason and a message only when the profile is not sure (docs/not-sure.md).
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotSureApiTest extends PredictServiceTest implements TestPropertyProvider {

    @Override
    public Map<String, String> getProperties() {
        return Map.of("predict.rate-limit.enabled", "false");
    }

    @Test
    void aBlankPhotoIsClassifiedButMarkedNotSure() {
        Map<String, Object> body = predict("blank.jpg", jpeg(photo()));

        assertThat(body).containsKeys("category", "confidence", "all_predictions");
        Map<String, Object> unsure = TestData.map(body.get("unsure"));
        assertThat(unsure).containsEntry("reason", "blank-frame");
        assertThat((String) unsure.get("message")).isNotBlank();
    }

    @Test
    void twoItemsInOnePhotoAreSeveralObjects() {
        BufferedImage image = photo();
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(60, 50, 70));
        g.fillOval(90, 150, 200, 300);
        g.fillOval(510, 150, 200, 300);
        g.dispose();

        Map<String, Object> body = predict("two.jpg", jpeg(image));

        assertThat(TestData.map(body.get("unsure"))).containsEntry("reason", "several-objects");
    }

    @Test
    void aPhotoOfOneGarmentHasNoUnsureField() {
        TestData.Sample sample = TestData.samplesManifest().get(0);

        Map<String, Object> body = predict(sample.filename(), sample.bytes());

        assertThat(body).containsKey("category").doesNotContainKey("unsure");
    }

    @Test
    void predictBatchMarksOnlyTheUnsureFile() {
        TestData.Sample sample = TestData.samplesManifest().get(0);
        MultipartBody body = MultipartBody.builder()
                .addPart("files", sample.filename(), MediaType.APPLICATION_OCTET_STREAM_TYPE, sample.bytes())
                .addPart("files", "blank.jpg", MediaType.IMAGE_JPEG_TYPE, jpeg(photo()))
                .build();

        Map<String, Object> response = http.toBlocking().retrieve(
                HttpRequest.POST("/predict_batch", body).contentType(MediaType.MULTIPART_FORM_DATA_TYPE), JSON);

        List<Object> results = TestData.list(response.get("results"));
        assertThat(TestData.map(results.get(0))).containsKey("category").doesNotContainKey("unsure");
        assertThat(TestData.map(results.get(1))).containsKey("category");
        assertThat(TestData.map(TestData.map(results.get(1)).get("unsure"))).containsEntry("reason", "blank-frame");
    }

    private Map<String, Object> predict(String filename, byte[] bytes) {
        MultipartBody body = MultipartBody.builder().addPart("file", filename, MediaType.IMAGE_JPEG_TYPE, bytes).build();
        return http.toBlocking().retrieve(
                HttpRequest.POST("/predict", body).contentType(MediaType.MULTIPART_FORM_DATA_TYPE), JSON);
    }

    /** 800 × 600, an off-white background whose light falls off towards the corners, nothing on it. */
    private static BufferedImage photo() {
        BufferedImage image = new BufferedImage(800, 600, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 600; y++) {
            for (int x = 0; x < 800; x++) {
                double r2 = ((x - 400.0) * (x - 400.0) + (y - 300.0) * (y - 300.0)) / (400.0 * 400.0 + 300.0 * 300.0);
                int v = (int) Math.round(230 * (1 - 0.3 * r2));
                image.setRGB(x, y, new Color(v, v, Math.max(0, v - 8)).getRGB());
            }
        }
        return image;
    }

    private static byte[] jpeg(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "jpeg", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
