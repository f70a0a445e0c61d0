package com.returnsorter.inference;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.micronaut.serde.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * The untrusted-bytes path of predict-function and the nightly batch: {@link ImageDecoder#decode}
 * then the model card's preprocessing, wired by the production {@link ModelLoader} from the
 * bundled model and its card.
 *
 * <p>Allowed outcomes: a tensor of values in [0, 1], or {@link ImageRejectedException}. Anything
 * else is a finding: another exception or error, an OutOfMemoryError (the fork runs with the
 * service's 128 MB heap and {@code -XX:+ExitOnOutOfMemoryError}, so it dies as the service would),
 * or an input that takes longer than the timeout.
 *
 * <p>Regression mode (plain {@code mvn test}) runs every file under
 * {@code ImageDecoderFuzzTestInputs/decodeAndPreprocess/}; fuzzing mode ({@code JAZZER_FUZZ=1}) mutates
 * them. See docs/fuzzing.md.
 */
@ExtendWith(ImageDecoderFuzzTest.NameEachInput.class)
class ImageDecoderFuzzTest {

    /** The settings predict-function starts with (its defaults; intra-op threads irrelevant here). */
    private static final ModelLoader.InferenceSettings SERVICE_SETTINGS = new ModelLoader.InferenceSettings(
            DecoderLimits.DEFAULT_MAX_BYTES, DecoderLimits.DEFAULT_MAX_PIXELS, 1, 5, 64);

    private ImageClassifier service;

    /** The first call loads the model and the ImageIO readers, outside the per-input timeout. */
    @BeforeEach
    void startTheService() {
        service = Service.CLASSIFIER;
    }

    // The timeout is the acceptance bound of issue 11 ("a JSON 4xx or a prediction within 10 s").
    // In fuzzing mode Jazzer hands it to libFuzzer (-timeout), which saves a slower input as
    // timeout-<sha1> and ends the fork; in regression mode JUnit enforces it per input.
    // How long a fuzzing run lasts is set by the pom (fuzz.duration -> jazzer.max_duration).
    @FuzzTest
    @DictionaryFile(resourcePath = "image-formats.dict")
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void decodeAndPreprocess(byte[] bytes) {
        DecodedImage image;
        try {
            image = service.decoder().decode(bytes);
        } catch (ImageRejectedException rejected) {
            if (rejected.reason() == null) {
                throw new AssertionError("a rejection without a reason", rejected);
            }
            return;
        }
        Preprocessor preprocessor = service.preprocessor();
        float[] tensor = new float[preprocessor.imageSize()];
        preprocessor.preprocess(image, tensor, 0);
        for (int i = 0; i < tensor.length; i++) {
            if (!(tensor[i] >= 0f && tensor[i] <= 1f)) {
                throw new AssertionError("tensor[" + i + "] = " + tensor[i] + " for a "
                        + image.width() + "x" + image.height() + " " + image.format() + " image");
            }
        }
    }

    /**
     * The classifier as the service builds it, created on first use (after Jazzer has installed its
     * agent, so the ImageIO readers loaded here are instrumented).
     */
    private static final class Service {

        static final ImageClassifier CLASSIFIER = load();

        private static ImageClassifier load() {
            // No Cloud Storage client: the bundled model is read from the classpath, and the
            // storage library is left off this module's classpath (see pom.xml).
            ModelLoader loader = new ModelLoader(ObjectMapper.getDefault(), null);
            try {
                return loader.load(ModelLoader.BUNDLED_MODEL, ModelLoader.defaultCardUri(ModelLoader.BUNDLED_MODEL),
                        SERVICE_SETTINGS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Writes each input's name to {@code inputs.log} in the fork's working directory (target/fuzz)
     * before it runs, flushed: when -XX:+ExitOnOutOfMemoryError or a hang ends the fork, Surefire
     * writes no report and drops the fork's buffered output, and the last line names the culprit.
     */
    static final class NameEachInput implements BeforeTestExecutionCallback {

        private static final Path LOG = Path.of("inputs.log");

        @Override
        public void beforeTestExecution(ExtensionContext context) throws IOException {
            Files.writeString(LOG, context.getDisplayName() + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        }
    }
}
