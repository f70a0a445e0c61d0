package com.returnsorter.predict.nativeimage;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxModelMetadata;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.returnsorter.inference.Classification;
import com.returnsorter.inference.ImageClassifier;
import com.returnsorter.inference.ModelLoader;
import com.returnsorter.inference.ModelManager;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

/**
 * Real inference through the service as deployed: the bundled model, loaded by the service's
 * {@link ModelManager}, classifies committed sample photos (decode, preprocess, ONNX Runtime
 * {@code run}, read the output tensor), through the Java API and through {@code POST /predict}.
 * It runs on the JVM in every {@code ./mvnw verify}, and with {@code -Pnative} also compiled into
 * a native test executable by GraalVM (docs/native-image.md), where it is the proof that the JNI,
 * reflection and resource configuration covers inference, not only loading the library.
 */
@MicronautTest
class NativeInferenceTest {

    private static final Argument<Map<String, Object>> JSON = Argument.mapOf(String.class, Object.class);

    @Inject
    ModelManager models;

    @Inject
    @Client("/")
    HttpClient http;

    @ParameterizedTest(name = "{0} is a {1}")
    @CsvSource({
        "return_20261120_003.jpg, Sneaker, 0.95",
        "return_20261120_042.jpg, Dress,   0.95",
        "return_20261120_001.png, Coat,    0.95",
        "return_20261120_002.webp, Sandal, 0.90",
    })
    void classifiesASamplePhotoWithTheBundledModel(String file, String category, double minConfidence) throws Exception {
        ImageClassifier classifier = models.awaitReady(Duration.ofSeconds(60));

        Classification result = classifier.classify(sample(file));

        assertThat(result.label()).isEqualTo(category);
        assertThat(result.confidence()).isBetween(minConfidence, 1.0);
        assertThat(result.topK()).hasSize(5).first().satisfies(best -> assertThat(best.label()).isEqualTo(category));
        double total = result.topK().stream().mapToDouble(Classification.LabelScore::probability).sum();
        assertThat(total).as("probabilities of the top five").isBetween(result.confidence(), 1.0001);
    }

    @Test
    void predictEndpointAnswersWithCategoryAndConfidence() throws Exception {
        models.awaitReady(Duration.ofSeconds(60));

        Map<String, Object> body = http.toBlocking().retrieve(HttpRequest.POST("/predict", sample("return_20261120_003.jpg"))
                .contentType(MediaType.IMAGE_JPEG_TYPE), JSON);

        assertThat(body).containsEntry("category", "Sneaker");
        assertThat(((Number) body.get("confidence")).doubleValue()).isBetween(0.95, 1.0);
        assertThat(body.get("all_predictions")).asInstanceOf(MAP).hasSize(5);
    }

    /** Metadata objects are built by the JNI code (NodeInfo, TensorInfo, OnnxModelMetadata constructors). */
    @Test
    void sessionDescribesTheBundledModelsInputAndOutput() throws Exception {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             OrtSession session = environment.createSession(bundledModel(), options)) {
            NodeInfo input = session.getInputInfo().values().iterator().next();
            TensorInfo inputTensor = (TensorInfo) input.getInfo();
            assertThat(inputTensor.type).isEqualTo(OnnxJavaType.FLOAT);
            assertThat(inputTensor.getShape()).hasSize(4).endsWith(1L, 28L, 28L);

            TensorInfo output = (TensorInfo) session.getOutputInfo().values().iterator().next().getInfo();
            assertThat(output.getShape()).hasSize(2).endsWith(10L);

            OnnxModelMetadata metadata = session.getMetadata();
            assertThat(metadata.getProducerName()).isNotNull();
        }
    }

    /** An error inside ONNX Runtime reaches Java as an OrtException constructed by the JNI code, not as a crash. */
    @Test
    void aBrokenModelIsReportedAsAnOrtException() throws OrtException {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        byte[] notAModel = "this is not an ONNX model".getBytes(StandardCharsets.US_ASCII);

        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            assertThatThrownBy(() -> environment.createSession(notAModel, options))
                    .isInstanceOf(OrtException.class)
                    .hasMessageContaining("protobuf");
        }
    }

    private static byte[] bundledModel() throws IOException {
        ModelLoader loader = new ModelLoader(ObjectMapper.getDefault(), () -> {
            throw new IllegalStateException("no Cloud Storage in this test");
        });
        return loader.read(ModelLoader.BUNDLED_MODEL);
    }

    private static byte[] sample(String file) {
        try (InputStream in = NativeInferenceTest.class.getResourceAsStream("/nativeimage/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample " + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
