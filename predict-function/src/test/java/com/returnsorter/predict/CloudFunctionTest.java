package com.returnsorter.predict;

import com.returnsorter.inference.ModelManager;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.gcp.function.http.GoogleHttpResponse;
import io.micronaut.gcp.function.http.HttpFunction;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same controllers deployed as a Cloud Function: requests go through micronaut-gcp's
 * {@link HttpFunction} entry point ({@code io.micronaut.gcp.function.http.HttpFunction}), not Netty.
 */
class CloudFunctionTest {

    private static final Argument<Map<String, Object>> JSON = Argument.mapOf(String.class, Object.class);

    @Test
    void servesHealthPredictionsAndErrorsThroughTheFunctionEntryPoint(@TempDir Path bucket) throws Exception {
        TestData.Sample sample = TestData.firstOf("png");
        Files.createDirectories(bucket.resolve("incoming"));
        Files.write(bucket.resolve("incoming/" + sample.filename()), sample.bytes());

        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "storage.kind", "local", "storage.local-root", bucket.toString(), "predict.rate-limit.enabled", "false"));
             HttpFunction function = new HttpFunction(context)) {
            context.getBean(ModelManager.class).awaitReady(Duration.ofSeconds(60));

            GoogleHttpResponse health = function.invoke(HttpMethod.GET, "/health");
            assertThat(health.getStatusCode()).isEqualTo(200);
            assertThat(json(health)).containsEntry("model_loaded", true);

            GoogleHttpResponse byObject = function.invoke(HttpRequest.POST("/predict",
                    Map.of("object", "incoming/" + sample.filename())).contentType(MediaType.APPLICATION_JSON_TYPE));
            assertThat(byObject.getStatusCode()).as(byObject.getBodyAsText()).isEqualTo(200);
            Map<String, Object> prediction = json(byObject);
            assertThat(prediction).containsKeys("category", "confidence", "all_predictions");

            GoogleHttpResponse raw = function.invoke(HttpRequest.POST("/predict", sample.bytes()).contentType(MediaType.IMAGE_PNG_TYPE));
            assertThat(raw.getStatusCode()).as(raw.getBodyAsText()).isEqualTo(200);
            assertThat(json(raw).get("category")).isEqualTo(prediction.get("category"));

            GoogleHttpResponse missing = function.invoke(HttpRequest.POST("/predict",
                    Map.of("object", "../../etc/passwd")).contentType(MediaType.APPLICATION_JSON_TYPE));
            assertThat(missing.getStatusCode()).isEqualTo(400);
            assertThat(json(missing)).containsKeys("error", "status", "timestamp");
        }
    }

    private static Map<String, Object> json(GoogleHttpResponse response) throws java.io.IOException {
        return JsonMapper.createDefault().readValue(response.getBodyAsText(), JSON);
    }
}
