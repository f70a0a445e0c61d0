package com.returnsorter.inference;

import io.micronaut.serde.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The committed model, loaded once per test JVM through the production loader. */
final class BundledModel {

    static final ModelLoader.InferenceSettings SETTINGS = new ModelLoader.InferenceSettings(
            DecoderLimits.DEFAULT_MAX_BYTES, DecoderLimits.DEFAULT_MAX_PIXELS, 0, 5, 64);

    private static ImageClassifier classifier;

    private BundledModel() {
    }

    static synchronized ImageClassifier classifier() {
        if (classifier == null) {
            try {
                classifier = loader().load(ModelLoader.BUNDLED_MODEL, ModelLoader.defaultCardUri(ModelLoader.BUNDLED_MODEL), SETTINGS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return classifier;
    }

    private static ImageClassifier previous;

    /**
     * The previous model, 1.0.0 with the {@code fashion-mnist} profile, kept in {@code model/v1/} for the
     * old parity fixture ({@code model/parity/preprocess-golden.json}), so the old profile stays tested.
     */
    static synchronized ImageClassifier previousModel() {
        if (previous == null) {
            String uri = Fixtures.root().resolve("model/v1/fashion-mnist-cnn.onnx").toString();
            try {
                previous = loader().load(uri, ModelLoader.defaultCardUri(uri), SETTINGS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return previous;
    }

    static ModelLoader loader() {
        return new ModelLoader(ObjectMapper.getDefault(), () -> {
            throw new IllegalStateException("no Cloud Storage in this test");
        });
    }
}
