package com.returnsorter.predict;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.multipart.MultipartBody;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Promotion is one configuration change (docs/models.md): with {@code inference.model-uri} (MODEL_URI) naming a
 * model published under {@code models/<name>/<version>/} — here the previous model 1.0.0 of {@code model/v1/},
 * placed by {@code model/publish_model.sh} into a local registry — the service loads that one, and
 * {@code /version} and every result name it.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PromotedModelTest extends PredictServiceTest implements TestPropertyProvider {

    @Override
    public Map<String, String> getProperties() {
        try {
            Path registry = Files.createTempDirectory("model-registry");
            Process publish = new ProcessBuilder(TestData.root().resolve("model/publish_model.sh").toString(),
                    TestData.root().resolve("model/v1/fashion-mnist-cnn.onnx").toString(),
                    TestData.root().resolve("model/v1/fashion-mnist-cnn.card.json").toString(), registry.toString())
                    .redirectErrorStream(true).start();
            String output = new String(publish.getInputStream().readAllBytes());
            if (publish.waitFor() != 0) {
                throw new IllegalStateException("publish_model.sh failed: " + output);
            }
            Path model = registry.resolve("models/fashion-mnist-cnn/1.0.0/model.onnx");
            assertThat(output).contains("MODEL_URI=" + model.toRealPath());
            return Map.of("inference.model-uri", model.toString(),
                    "storage.kind", "local",
                    "storage.local-root", Files.createTempDirectory("predict-bucket").toString(),
                    "predict.rate-limit.enabled", "false");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void versionNamesTheConfiguredModel() {
        Map<String, Object> version = http.toBlocking().retrieve(HttpRequest.GET("/version"), JSON);
        assertThat(TestData.map(version.get("model"))).containsEntry("name", "fashion-mnist-cnn")
                .containsEntry("version", "1.0.0").containsEntry("preprocessing", "fashion-mnist");
    }

    @Test
    void everyResultNamesTheConfiguredModel() {
        TestData.Sample sample = TestData.firstOf("png");
        MultipartBody body = MultipartBody.builder()
                .addPart("file", sample.filename(), MediaType.APPLICATION_OCTET_STREAM_TYPE, sample.bytes()).build();
        Map<String, Object> result = http.toBlocking().retrieve(HttpRequest.POST("/predict", body)
                .contentType(MediaType.MULTIPART_FORM_DATA_TYPE), JSON);
        assertThat(TestData.map(result.get("model"))).containsEntry("name", "fashion-mnist-cnn")
                .containsEntry("version", "1.0.0");
    }
}
