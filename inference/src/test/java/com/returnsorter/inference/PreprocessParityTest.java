package com.returnsorter.inference;

import io.micronaut.core.type.Argument;
import io.micronaut.serde.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Serving reproduces what training computed: {@code model/parity/preprocess-golden.json} holds
 * the 28×28 input and the probabilities that {@code train.py} produced for held-out images and
 * sample photos with the {@code fashion-mnist} profile and model 1.0.0 (kept in {@code model/v1/});
 * the Java decoder, preprocessor and ONNX Runtime must give the same. The garment-photo profile of
 * the served model has its own fixture ({@link GarmentPhotoParityTest}).
 */
class PreprocessParityTest {

    private static Map<String, Object> golden;
    private static HeldOutSet heldOut;

    @BeforeAll
    static void load() throws Exception {
        Path root = Fixtures.root();
        golden = ObjectMapper.getDefault().readValue(Files.readAllBytes(root.resolve("model/parity/preprocess-golden.json")),
                Argument.mapOf(String.class, Object.class));
        heldOut = HeldOutSet.load(root.resolve("model/heldout"));
    }

    @Test
    void goldenFixtureBelongsToThePreviousModelWithTheFashionMnistProfile() {
        assertThat(BundledModel.previousModel().card().preprocessing().profile()).isEqualTo("fashion-mnist");
        assertThat(golden.get("modelSha256")).isEqualTo(BundledModel.previousModel().card().sha256());
    }

    @Test
    void heldOutImagesGiveTheSameInputAndProbabilitiesAsTraining() throws Exception {
        ImageClassifier classifier = BundledModel.previousModel();
        for (Map<String, Object> entry : entries("heldout")) {
            int index = ((Number) entry.get("subsetIndex")).intValue();
            DecodedImage image = classifier.decoder().decode(Fixtures.encode(heldOut.image(index), "png"));
            float[] tensor = tensor(classifier, image);
            // Lossless all the way: equal up to the fixture's 5 decimals.
            assertThat(maxDifference(tensor, numbers(entry.get("tensor")))).as("held-out %d", index).isLessThan(1e-4);
            assertProbabilities(classifier, image, numbers(entry.get("probabilities")), 1e-4);
        }
    }

    @Test
    void samplePhotosGiveTheSameInputAndPredictionAsTraining() throws Exception {
        ImageClassifier classifier = BundledModel.previousModel();
        for (Map<String, Object> entry : entries("samples")) {
            String file = (String) entry.get("file");
            Path path = Fixtures.root().resolve("samples/returns").resolve(Path.of(file).getFileName().toString());
            DecodedImage image = classifier.decoder().decode(Files.readAllBytes(path));
            float[] expected = numbers(entry.get("tensor"));
            float[] tensor = tensor(classifier, image);
            boolean lossless = file.endsWith(".png");
            // Lossy decoders differ in detail: TwelveMonkeys' WebP vs libwebp by ~2 grey levels on
            // average (max 17, no bias in the means), libjpeg vs the JDK's less. Enough to move a
            // borderline item's confidence, so lossy files must give the same input within
            // tolerance and the same top class; lossless files must give the same probabilities.
            assertThat(meanDifference(tensor, expected)).as(file).isLessThan(lossless ? 1e-4 : 0.02);
            assertProbabilities(classifier, image, numbers(entry.get("probabilities")), lossless ? 1e-4 : 1.0);
        }
    }

    private static float[] tensor(ImageClassifier classifier, DecodedImage image) {
        float[] tensor = new float[classifier.preprocessor().imageSize()];
        classifier.preprocessor().preprocess(image, tensor, 0);
        return tensor;
    }

    private static void assertProbabilities(ImageClassifier classifier, DecodedImage image, float[] expected, double tolerance)
            throws Exception {
        Classification c = classifier.classifyDecoded(List.of(image)).get(0);
        int expectedBest = 0;
        for (int i = 1; i < expected.length; i++) {
            if (expected[i] > expected[expectedBest]) {
                expectedBest = i;
            }
        }
        assertThat(c.index()).isEqualTo(expectedBest);
        assertThat(c.confidence()).isCloseTo(expected[expectedBest], within(tolerance));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> entries(String key) {
        List<Map<String, Object>> list = (List<Map<String, Object>>) golden.get(key);
        assertThat(list).isNotEmpty();
        return list;
    }

    @SuppressWarnings("unchecked")
    private static float[] numbers(Object json) {
        List<Object> flat = new java.util.ArrayList<>();
        flatten((List<Object>) json, flat);
        float[] values = new float[flat.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = ((Number) flat.get(i)).floatValue();
        }
        return values;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(List<Object> list, List<Object> out) {
        for (Object item : list) {
            if (item instanceof List<?> nested) {
                flatten((List<Object>) nested, out);
            } else {
                out.add(item);
            }
        }
    }

    private static double maxDifference(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    private static double meanDifference(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length;
    }
}
