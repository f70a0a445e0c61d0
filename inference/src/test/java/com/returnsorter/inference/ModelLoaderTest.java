package com.returnsorter.inference;

import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import io.micronaut.serde.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelLoaderTest {

    private final byte[] model = read("classpath:model/fashion-mnist-cnn.onnx");
    private final byte[] card = read("classpath:model/fashion-mnist-cnn.card.json");

    @Test
    void loadsModelAndCardFromFilePaths(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("m.onnx"), model);
        Files.write(dir.resolve("m.card.json"), card);
        try (ImageClassifier classifier = BundledModel.loader().load(dir.resolve("m.onnx").toString(),
                ModelLoader.defaultCardUri(dir.resolve("m.onnx").toString()), BundledModel.SETTINGS)) {
            assertThat(classifier.card().labels()).hasSize(10);
            assertThat(classifier.classify(Fixtures.resource("upright.png")).label()).isEqualTo("Trouser");
        }
    }

    @Test
    void loadsModelAndCardFromCloudStorage() throws Exception {
        Storage storage = LocalStorageHelper.getOptions().getService();
        storage.create(BlobInfo.newBuilder(BlobId.of("models", "v2/m.onnx")).build(), model);
        storage.create(BlobInfo.newBuilder(BlobId.of("models", "v2/m.card.json")).build(), card);
        ModelLoader loader = new ModelLoader(ObjectMapper.getDefault(), () -> storage);
        try (ImageClassifier classifier = loader.load("gs://models/v2/m.onnx", "gs://models/v2/m.card.json", BundledModel.SETTINGS)) {
            assertThat(classifier.classify(Fixtures.resource("upright.png")).label()).isEqualTo("Trouser");
        }
    }

    @Test
    void loadsAModelFromTheBucketsRegistryLayoutWhenItsCardNamesThatPlace() throws Exception {
        Storage storage = LocalStorageHelper.getOptions().getService();
        ModelLoader loader = new ModelLoader(ObjectMapper.getDefault(), () -> storage);
        ModelCard bundled = ObjectMapper.getDefault().readValue(card, ModelCard.class);
        String place = "models/" + bundled.name() + "/" + bundled.version() + "/";
        storage.create(BlobInfo.newBuilder(BlobId.of("returns", place + "model.onnx")).build(), model);
        storage.create(BlobInfo.newBuilder(BlobId.of("returns", place + "model.card.json")).build(), card);
        String uri = "gs://returns/" + place + "model.onnx";
        try (ImageClassifier classifier = loader.load(uri, ModelLoader.defaultCardUri(uri), BundledModel.SETTINGS)) {
            assertThat(classifier.card().version()).isEqualTo(bundled.version());
        }
    }

    @Test
    void refusesAModelFiledUnderAnotherVersionThanItsCardSays() throws Exception {
        Storage storage = LocalStorageHelper.getOptions().getService();
        ModelLoader loader = new ModelLoader(ObjectMapper.getDefault(), () -> storage);
        storage.create(BlobInfo.newBuilder(BlobId.of("returns", "models/fashion-mnist-cnn/9.9.9/model.onnx")).build(), model);
        storage.create(BlobInfo.newBuilder(BlobId.of("returns", "models/fashion-mnist-cnn/9.9.9/model.card.json")).build(), card);
        assertThatThrownBy(() -> loader.load("gs://returns/models/fashion-mnist-cnn/9.9.9/model.onnx",
                "gs://returns/models/fashion-mnist-cnn/9.9.9/model.card.json", BundledModel.SETTINGS))
                .isInstanceOf(IOException.class).hasMessageContaining("lives under models/fashion-mnist-cnn/9.9.9/")
                .hasMessageContaining("its card names fashion-mnist-cnn "
                        + ObjectMapper.getDefault().readValue(card, ModelCard.class).version());
    }

    @Test
    void refusesAModelWhoseChecksumDiffersFromItsCard(@TempDir Path dir) throws Exception {
        byte[] tampered = model.clone();
        tampered[tampered.length - 1] ^= 0x01;
        Files.write(dir.resolve("m.onnx"), tampered);
        Files.write(dir.resolve("m.card.json"), card);
        assertThatThrownBy(() -> BundledModel.loader().load(dir.resolve("m.onnx").toString(),
                dir.resolve("m.card.json").toString(), BundledModel.SETTINGS))
                .isInstanceOf(IOException.class).hasMessageContaining("sha256");
    }

    @Test
    void refusesAnUnknownPreprocessingProfile(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("m.onnx"), model);
        String edited = new String(card, StandardCharsets.UTF_8)
                .replaceAll("\"profile\":\\s*\"(fashion-mnist|garment-photo)\"", "\"profile\": \"sepia\"");
        assertThat(edited).contains("\"profile\": \"sepia\"");
        Files.writeString(dir.resolve("m.card.json"), edited);
        assertThatThrownBy(() -> BundledModel.loader().load(dir.resolve("m.onnx").toString(),
                dir.resolve("m.card.json").toString(), BundledModel.SETTINGS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sepia");
    }

    @Test
    void missingModelIsAClearError() {
        assertThatThrownBy(() -> BundledModel.loader().load("/nonexistent/m.onnx", "/nonexistent/m.card.json", BundledModel.SETTINGS))
                .isInstanceOf(IOException.class).hasMessageContaining("/nonexistent/m.card.json");
    }

    @Test
    void cardLocationIsDerivedFromTheModelLocation() {
        assertThat(ModelLoader.defaultCardUri("gs://b/models/x.onnx")).isEqualTo("gs://b/models/x.card.json");
        assertThatThrownBy(() -> ModelLoader.defaultCardUri("gs://b/models/x.bin")).hasMessageContaining("MODEL_CARD_URI");
    }

    private static byte[] read(String uri) {
        try {
            return BundledModel.loader().read(uri);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
