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
 * Serving reproduces what training computed for the garment-photo profile:
 * {@code model/parity/garment-photo-golden.json} holds, per input (camera-sized JPEGs, one stored with
 * EXIF orientation 6, PNG and WebP renders, a blank and a two-item frame, sample photos), the reduction,
 * the working size, the garment's box, the verdict, the 28×28 tensor and the served model's probabilities
 * as {@code model/garment_photo.py} and {@code train.py} produced them. The Java decoder, profile and ONNX
 * Runtime must agree within the tolerance of model/PREPROCESSING.md ("Parity fixture"): exactly for
 * lossless inputs, and within the decoders' differences for JPEG and WebP.
 */
class GarmentPhotoParityTest {

    private static Map<String, Object> golden;

    @BeforeAll
    static void load() throws Exception {
        golden = ObjectMapper.getDefault().readValue(
                Files.readAllBytes(Fixtures.root().resolve("model/parity/garment-photo-golden.json")),
                Argument.mapOf(String.class, Object.class));
    }

    @Test
    void goldenFixtureBelongsToTheServedModelAndItsCard() throws Exception {
        ImageClassifier classifier = BundledModel.classifier();
        assertThat(golden.get("profile")).isEqualTo("garment-photo");
        assertThat(((Number) golden.get("version")).intValue()).isEqualTo(GarmentPhotoPreprocessor.VERSION);
        assertThat(golden.get("modelSha256")).isEqualTo(classifier.card().sha256());
        assertThat(classifier.preprocessor()).isInstanceOf(GarmentPhotoPreprocessor.class);
        // Every parameter of the fixture is the served card's.
        Map<String, Object> parameters = map(golden.get("parameters"));
        Map<String, Object> served = ObjectMapper.getDefault().readValue(
                ObjectMapper.getDefault().writeValueAsBytes(classifier.card().preprocessing()),
                Argument.mapOf(String.class, Object.class));
        parameters.forEach((name, value) -> assertThat(((Number) served.get(name)).doubleValue()).as(name)
                .isEqualTo(((Number) value).doubleValue()));
        assertThat(items()).extracting(item -> item.get("kind")).contains("single", "blank", "two", "sample");
        assertThat(items()).anySatisfy(item -> {
            assertThat(((Number) item.get("exifOrientation")).intValue()).isEqualTo(6);
            assertThat(((Number) item.get("storedWidth")).intValue()).isEqualTo(4032);
        });
    }

    /**
     * The profile built from the fixture's own parameters, decoded as the service decodes for it, and the
     * model the fixture's probabilities came from (the served one, or the previous one in model/v1/).
     */
    @Test
    void everyInputGivesTheSameStepsTensorVerdictAndProbabilitiesWithinTheSpecsTolerance() throws Exception {
        Map<String, Object> parameters = new java.util.LinkedHashMap<>(map(golden.get("parameters")));
        parameters.put("profile", "garment-photo");
        parameters.put("version", golden.get("version"));
        ModelCard.Preprocessing card = ObjectMapper.getDefault().readValue(
                ObjectMapper.getDefault().writeValueAsBytes(parameters), ModelCard.Preprocessing.class);
        GarmentPhotoPreprocessor profile = new GarmentPhotoPreprocessor(GarmentPhotoPreprocessor.Parameters.of(card));
        ImageDecoder decoder = new ImageDecoder(DecoderLimits.defaults(), profile.lumaWorkingSide());
        ImageClassifier classifier = java.util.stream.Stream.of(BundledModel.classifier(), BundledModel.previousModel())
                .filter(c -> c.card().sha256().equals(golden.get("modelSha256")))
                .findFirst().orElseThrow(() -> new AssertionError("no committed model has the fixture's sha256 "
                        + golden.get("modelSha256")));
        for (Map<String, Object> item : items()) {
            String file = (String) item.get("file");
            boolean lossless = "png".equals(item.get("format"));
            DecodedImage image = decoder.decode(Files.readAllBytes(Fixtures.root().resolve(file)));

            GarmentPhotoPreprocessor.Result result = profile.run(image);

            String verdict = result.check().verdict().map(Unsure::reason).orElse(null);
            assertThat(verdict).as("%s verdict", file).isEqualTo(item.get("verdict"));
            assertThat(result.reduction()).as("%s k", file).isEqualTo(((Number) item.get("k")).intValue());
            List<Object> working = list(item.get("working"));
            assertThat(new int[] {result.workingWidth(), result.workingHeight()}).as("%s working size", file)
                    .containsExactly(((Number) working.get(0)).intValue(), ((Number) working.get(1)).intValue());
            if (item.get("bbox") == null) {
                assertThat(result.bbox()).as("%s box", file).isNull();
            } else {
                List<Object> box = list(item.get("bbox"));
                for (int i = 0; i < 4; i++) {
                    assertThat(result.bbox()[i]).as("%s box[%d]", file, i)
                            .isCloseTo(((Number) box.get(i)).intValue(), within(lossless ? 0 : 2));
                }
            }
            float[] expected = numbers(item.get("tensor"));
            float[] tensor = new float[expected.length];
            for (int i = 0; i < tensor.length; i++) {
                tensor[i] = (float) result.canvas()[i];
            }
            if (lossless) {
                assertThat(maxDifference(tensor, expected)).as("%s max |tensor difference|", file).isLessThanOrEqualTo(1e-4);
            } else {
                assertThat(meanDifference(tensor, expected)).as("%s mean |tensor difference|", file).isLessThanOrEqualTo(0.02);
                assertThat(maxDifference(tensor, expected)).as("%s max |tensor difference|", file).isLessThanOrEqualTo(0.35);
            }
            float[] probabilities = classifier.infer(tensor, 1)[0];
            float[] expectedProbabilities = numbers(item.get("probabilities"));
            assertThat(probabilities).as("%s probabilities", file)
                    .containsExactly(expectedProbabilities, within(lossless ? 1e-4f : 0.05f));
            if (lossless || topTwoGap(expectedProbabilities) > 0.10) {
                assertThat(argmax(probabilities)).as("%s best class", file).isEqualTo(argmax(expectedProbabilities));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> items() {
        List<Map<String, Object>> items = (List<Map<String, Object>>) golden.get("items");
        assertThat(items).isNotEmpty();
        return items;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object json) {
        return (Map<String, Object>) json;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object json) {
        return (List<Object>) json;
    }

    private static float[] numbers(Object json) {
        List<Object> values = list(json);
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) values.get(i)).floatValue();
        }
        return out;
    }

    private static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private static double topTwoGap(float[] values) {
        float[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length - 1] - sorted[sorted.length - 2];
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
