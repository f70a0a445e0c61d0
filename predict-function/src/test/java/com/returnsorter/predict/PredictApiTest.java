package com.returnsorter.predict;

import com.returnsorter.inference.Fixtures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.client.multipart.MultipartBody;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP contract of DESIGN.md, every endpoint and every error status, through the real Netty server. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PredictApiTest extends PredictServiceTest implements TestPropertyProvider {

    @Inject
    io.micronaut.runtime.server.EmbeddedServer server;

    private Path bucket;

    @Override
    public Map<String, String> getProperties() {
        try {
            bucket = Files.createTempDirectory("predict-bucket");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Map.of(
                "storage.kind", "local",
                "storage.local-root", bucket.toString(),
                "predict.rate-limit.enabled", "false");
    }

    // --- endpoints -------------------------------------------------------------------------

    @Test
    void healthReportsTheLoadedModel() {
        HttpResponse<Map<String, Object>> response = http.toBlocking().exchange(HttpRequest.GET("/health"), JSON);
        assertThat(response.code()).isEqualTo(200);
        Map<String, Object> body = response.body();
        assertThat(body).containsEntry("status", "healthy").containsEntry("model_loaded", true)
                .containsKeys("uptime_seconds", "version", "timestamp");
        assertThat(TestData.map(body.get("model"))).containsEntry("name", "fashion-mnist-cnn");
    }

    @Test
    void classesListsTheTenLabelsInOutputOrder() {
        Map<String, Object> body = http.toBlocking().retrieve(HttpRequest.GET("/classes"), JSON);
        assertThat(TestData.list(body.get("classes"))).hasSize(10).startsWith("T-shirt/top", "Trouser").endsWith("Ankle boot");
        assertThat(body).containsEntry("count", 10);
    }

    @Test
    void versionNamesServiceModelAndRuntime() {
        Map<String, Object> body = http.toBlocking().retrieve(HttpRequest.GET("/version"), JSON);
        assertThat(body).containsEntry("service", "predict-function").containsKeys("version", "java", "onnxruntime");
        assertThat(TestData.map(body.get("model"))).containsEntry("preprocessing", "garment-photo").containsKey("sha256");
        assertThat(body.get("onnxruntime")).isEqualTo("1.29.0");
    }

    @Test
    void indexListsTheEndpoints() {
        Map<String, Object> body = http.toBlocking().retrieve(HttpRequest.GET("/"), JSON);
        assertThat(TestData.map(body.get("endpoints"))).containsKeys("POST /predict", "POST /predict_batch", "GET /health");
    }

    @Test
    void statsCountRequestsByStatusWithLatencyPercentiles() {
        predictFile(TestData.firstOf("jpg"));
        assertThat(exchangeError(HttpRequest.GET("/no-such-page")).getStatus().getCode()).isEqualTo(404);

        Map<String, Object> body = http.toBlocking().retrieve(HttpRequest.GET("/stats"), JSON);
        Map<String, Object> statuses = TestData.map(body.get("requests_by_status"));
        assertThat(((Number) statuses.get("200")).longValue()).isPositive();
        assertThat(((Number) statuses.get("404")).longValue()).isPositive();
        Map<String, Object> latency = TestData.map(TestData.map(body.get("latency_ms")).get("POST /predict"));
        assertThat(latency).containsKeys("p50", "p95", "p99");
        assertThat(((Number) latency.get("p50")).doubleValue()).isPositive();
        assertThat(((Number) body.get("images_classified")).longValue()).isPositive();
        assertThat(body).containsKey("uptime_seconds");
    }

    @Test
    void everyImageIsCountedByCategoryAndOutcomeAndTimedWithPercentiles() {
        MeterRegistry registry = server.getApplicationContext().getBean(MeterRegistry.class);
        TestData.Sample sample = TestData.firstOf("png");
        byte[] jpeg = TestData.firstOf("jpg").bytes();
        double classifiedBefore = registry.find("returnsorter.predictions").tag("outcome", "classified").counters().stream()
                .mapToDouble(Counter::count).sum();
        double rejectedBefore = count(registry, "rejected", "none");
        Timer latency = registry.find("returnsorter.predict.latency").tag("endpoint", "POST /predict").timer();
        long timedBefore = latency == null ? 0 : latency.count();

        String category = (String) predictFile(sample).get("category");
        assertUploadError("truncated.jpg", java.util.Arrays.copyOf(jpeg, jpeg.length / 2), 400);

        assertThat(registry.find("returnsorter.predictions").tag("outcome", "classified").counters().stream()
                .mapToDouble(Counter::count).sum() - classifiedBefore).isEqualTo(1.0);
        assertThat(count(registry, "classified", category)).as("the answered category").isPositive();
        assertThat(count(registry, "rejected", "none") - rejectedBefore).isEqualTo(1.0);
        latency = registry.get("returnsorter.predict.latency").tag("endpoint", "POST /predict").timer();
        assertThat(latency.count() - timedBefore).isEqualTo(2);
        assertThat(latency.takeSnapshot().percentileValues()).extracting(ValueAtPercentile::percentile)
                .containsExactly(0.5, 0.95, 0.99);
        assertThat(latency.max(java.util.concurrent.TimeUnit.MICROSECONDS)).isPositive();
    }

    private static double count(MeterRegistry registry, String outcome, String category) {
        Counter counter = registry.find("returnsorter.predictions").tag("outcome", outcome).tag("category", category).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void predictsAnUploadedPhotoWithTopFiveAndModel() {
        TestData.Sample sample = TestData.firstOf("png");
        Map<String, Object> body = predictFile(sample);
        assertThat(body).containsKeys("category", "confidence", "timestamp", "all_predictions", "model");
        Map<String, Object> top = TestData.map(body.get("all_predictions"));
        assertThat(top).hasSize(5).containsKey((String) body.get("category"));
        assertThat(((Number) body.get("confidence")).doubleValue()).isBetween(0.0, 1.0);
        assertThat(body.get("filename")).isEqualTo(sample.filename());
        assertThat(TestData.map(body.get("model"))).containsEntry("name", "fashion-mnist-cnn").containsEntry("version", "2.0.0");
    }

    @Test
    void classifiesSamplePhotosOfEveryFormatCorrectlyMostOfTheTime() {
        List<TestData.Sample> samples = TestData.samplesManifest().subList(0, 40);
        long correct = samples.stream().filter(s -> s.label().equals(predictFile(s).get("category"))).count();
        assertThat(correct).as("correct of 40 sample returns").isGreaterThanOrEqualTo(34);
    }

    @Test
    void predictsARawImageBody() {
        TestData.Sample sample = TestData.firstOf("jpg");
        Map<String, Object> viaMultipart = predictFile(sample);
        Map<String, Object> viaRaw = http.toBlocking().retrieve(
                HttpRequest.POST("/predict", sample.bytes()).contentType("image/jpeg"), JSON);
        assertThat(viaRaw.get("category")).isEqualTo(viaMultipart.get("category"));
        assertThat(viaRaw.get("confidence")).isEqualTo(viaMultipart.get("confidence"));
    }

    @Test
    void predictsAStoredObjectByKey() throws IOException {
        TestData.Sample sample = TestData.firstOf("webp");
        Path incoming = Files.createDirectories(bucket.resolve("incoming"));
        Files.write(incoming.resolve("urgent item #1.webp"), sample.bytes());

        Map<String, Object> body = http.toBlocking().retrieve(
                HttpRequest.POST("/predict", Map.of("object", "incoming/urgent item #1.webp")), JSON);
        assertThat(body.get("object")).isEqualTo("incoming/urgent item #1.webp");
        assertThat(body.get("category")).isEqualTo(predictFile(sample).get("category"));
    }

    @Test
    void predictBatchAnswersPerFileInUploadOrder() {
        List<TestData.Sample> samples = TestData.samplesManifest().subList(0, 6);
        MultipartBody.Builder body = MultipartBody.builder();
        for (TestData.Sample sample : samples) {
            body.addPart("files", sample.filename(), MediaType.APPLICATION_OCTET_STREAM_TYPE, sample.bytes());
        }
        body.addPart("files", "notes.jpg", MediaType.IMAGE_JPEG_TYPE, "not a photo".getBytes(StandardCharsets.UTF_8));

        Map<String, Object> response = http.toBlocking().retrieve(
                HttpRequest.POST("/predict_batch", body.build()).contentType(MediaType.MULTIPART_FORM_DATA_TYPE), JSON);
        assertThat(response).containsEntry("total", 7).containsEntry("successful", 6).containsEntry("failed", 1);
        List<Object> results = TestData.list(response.get("results"));
        for (int i = 0; i < samples.size(); i++) {
            Map<String, Object> item = TestData.map(results.get(i));
            assertThat(item.get("filename")).isEqualTo(samples.get(i).filename());
            assertThat(item.get("category")).isEqualTo(predictFile(samples.get(i)).get("category"));
        }
        Map<String, Object> failed = TestData.map(results.get(6));
        assertThat(failed).containsEntry("filename", "notes.jpg").containsEntry("status", 400).containsEntry("reason", "not-an-image");
    }

    @Test
    void thirtyTwoParallelRequestsGiveTheSameAnswersAsSequentialOnes() throws Exception {
        List<TestData.Sample> samples = TestData.samplesManifest().subList(0, 32);
        List<Object> sequential = new ArrayList<>();
        for (TestData.Sample sample : samples) {
            Map<String, Object> body = predictRaw(sample);
            sequential.add(List.of(body.get("category"), body.get("all_predictions")));
        }
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<Object>> futures = new ArrayList<>();
            for (TestData.Sample sample : samples) {
                Callable<Object> call = () -> {
                    // Raw bodies carry a Content-Length, as real uploaders send; Micronaut's client
                    // streams multipart chunked, which the admission budget counts at 1 MiB each.
                    Map<String, Object> body = predictRaw(sample);
                    return List.of(body.get("category"), body.get("all_predictions"));
                };
                futures.add(pool.submit(call));
            }
            List<Object> parallel = new ArrayList<>();
            for (Future<Object> future : futures) {
                parallel.add(future.get());
            }
            assertThat(parallel).isEqualTo(sequential);
        } finally {
            pool.shutdownNow();
        }
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"cmyk.jpg", "exif-orientation-6.jpg", "gray16.png", "palette.png",
            "rgba-transparent.png", "animated.gif", "upright.bmp", "upright.tiff", "upright-lossless.webp", "grayscale.jpg"})
    void oddButValidImagesAreClassifiedLikeTheUprightOriginal(String fixture) {
        Map<String, Object> original = upload("upright.png", Fixtures.resource("upright.png"));
        Map<String, Object> variant = upload(fixture, Fixtures.resource(fixture));
        assertThat(variant.get("category")).isEqualTo(original.get("category")).isEqualTo("Trouser");
    }

    // --- errors: every one JSON {error, status, timestamp}, never a 500 ------------------------

    @Test
    void emptyBodyIsABadRequest() {
        assertError(HttpRequest.POST("/predict", new byte[0]).contentType("image/jpeg"), 400);
        assertError(HttpRequest.POST("/predict", ""), 400);
    }

    @Test
    void multipartWithoutAFilePartIsABadRequest() {
        MultipartBody body = MultipartBody.builder().addPart("comment", "urgent").build();
        Map<String, Object> error = assertError(HttpRequest.POST("/predict", body).contentType(MediaType.MULTIPART_FORM_DATA_TYPE), 400);
        assertThat((String) error.get("error")).contains("'file'");
    }

    @Test
    void zeroByteFileIsABadRequest() {
        assertThat(assertUploadError("empty.jpg", new byte[0], 400).get("reason")).isIn("empty", "no-file");
    }

    @Test
    void truncatedJpegIsABadRequest() {
        byte[] jpeg = TestData.firstOf("jpg").bytes();
        byte[] truncated = java.util.Arrays.copyOf(jpeg, jpeg.length / 2);
        assertThat(assertUploadError("truncated.jpg", truncated, 400).get("reason")).isEqualTo("corrupt");
    }

    @Test
    void textOrHtmlNamedJpgIsABadRequest() {
        assertThat(assertUploadError("photo.jpg", "just some text".getBytes(StandardCharsets.UTF_8), 400).get("reason"))
                .isEqualTo("not-an-image");
        assertThat(assertUploadError("photo.jpg", "<html><body>hi</body></html>".getBytes(StandardCharsets.UTF_8), 400)
                .get("reason")).isEqualTo("not-an-image");
    }

    @Test
    void headerDeclaringTenGigapixelsIsTooLarge() {
        assertThat(assertUploadError("bomb.png", Fixtures.pngDeclaring(100_000, 100_000), 413).get("reason"))
                .isEqualTo("too-many-pixels");
    }

    @Test
    void bodyOverTenMegabytesIsTooLarge() {
        byte[] eleven = new byte[11 * 1024 * 1024];
        eleven[0] = (byte) 0xFF;
        eleven[1] = (byte) 0xD8;
        eleven[2] = (byte) 0xFF;
        assertError(HttpRequest.POST("/predict", eleven).contentType("image/jpeg"), 413);
        assertUploadError("huge.jpg", eleven, 413);
    }

    @Test
    void svgAndAnimatedWebpAreUnsupported() {
        byte[] svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"4\"/>".getBytes(StandardCharsets.UTF_8);
        assertThat(assertUploadError("item.svg", svg, 415).get("reason")).isEqualTo("unsupported-format");
        assertThat(assertUploadError("spin.webp", Fixtures.resource("animated.webp"), 415).get("reason")).isEqualTo("unsupported-format");
    }

    @Test
    void unsupportedRequestContentTypeIs415() {
        assertError(HttpRequest.POST("/predict", "hello").contentType(MediaType.TEXT_PLAIN_TYPE), 415);
        Map<String, Object> batch = assertError(HttpRequest.POST("/predict_batch", "{}").contentType(MediaType.APPLICATION_JSON_TYPE), 415);
        assertThat((String) batch.get("error")).contains("'files'");
    }

    @Test
    void postWithoutContentTypeSaysWhatToSend() throws Exception {
        // The JDK client, because Micronaut's adds a JSON content type by default.
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(server.getURI().resolve("/predict"))
                        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("no Content-Type").doesNotContain("route");
    }

    @Test
    void fiftyOneFilesToPredictBatchIsABadRequest() {
        byte[] photo = TestData.firstOf("jpg").bytes();
        MultipartBody.Builder body = MultipartBody.builder();
        for (int i = 0; i < 51; i++) {
            body.addPart("files", "photo" + i + ".jpg", MediaType.IMAGE_JPEG_TYPE, photo);
        }
        Map<String, Object> error = assertError(
                HttpRequest.POST("/predict_batch", body.build()).contentType(MediaType.MULTIPART_FORM_DATA_TYPE), 400);
        assertThat(error.get("reason")).isEqualTo("too-many-files");
    }

    @Test
    void predictBatchWithoutFilesIsABadRequest() {
        MultipartBody body = MultipartBody.builder().addPart("comment", "none").build();
        assertError(HttpRequest.POST("/predict_batch", body).contentType(MediaType.MULTIPART_FORM_DATA_TYPE), 400);
    }

    @Test
    void objectThatDoesNotExistIsNotFound() {
        assertThat(assertError(HttpRequest.POST("/predict", Map.of("object", "incoming/nothing-here.jpg")), 404)
                .get("reason")).isEqualTo("object-not-found");
    }

    @Test
    void objectKeysThatTryToLeaveTheBucketAreBadRequests() throws IOException {
        Files.writeString(bucket.getParent().resolve("outside.txt"), "secret");
        for (String key : List.of("../outside.txt", "incoming/../../outside.txt", "/etc/passwd", "incoming/\u0000x.jpg")) {
            assertThat(assertError(HttpRequest.POST("/predict", Map.of("object", key)), 400).get("reason"))
                    .as(key).isEqualTo("invalid-object-key");
        }
    }

    @Test
    void objectsOutsideIncomingAreRefusedAndNoErrorNamesTheStore() throws IOException {
        for (String key : List.of("state/runs/20261121_020000_ab12.json", "reports/20261121/items.jsonl",
                "processed/Shirt/a.png", "Incoming/a.png")) {
            Files.createDirectories(bucket.resolve(key).getParent());
            Files.write(bucket.resolve(key), TestData.firstOf("png").bytes());
            Map<String, Object> error = assertError(HttpRequest.POST("/predict", Map.of("object", key)), 400);
            assertThat(error.get("reason")).as(key).isEqualTo("object-outside-incoming");
        }
        for (String key : List.of("incoming/", "incoming//a.png", "incoming/./a.png")) {
            assertThat(assertError(HttpRequest.POST("/predict", Map.of("object", key)), 400).get("reason"))
                    .as(key).isEqualTo("invalid-object-key");
        }
        Map<String, Object> missing = assertError(HttpRequest.POST("/predict", Map.of("object", "incoming/nothing-here.jpg")), 404);
        assertThat(String.valueOf(missing.get("error"))).doesNotContain(bucket.toString()).doesNotContain(bucket.getFileName().toString());
    }

    @Test
    void malformedOrEmptyJsonIsABadRequest() {
        assertError(HttpRequest.POST("/predict", "{\"object\": ").contentType(MediaType.APPLICATION_JSON_TYPE), 400);
        assertError(HttpRequest.POST("/predict", "{}").contentType(MediaType.APPLICATION_JSON_TYPE), 400);
        assertError(HttpRequest.POST("/predict", "[1,2]").contentType(MediaType.APPLICATION_JSON_TYPE), 400);
    }

    @Test
    void unknownPathAndWrongMethodAreJsonErrors() {
        assertError(HttpRequest.GET("/predict/extra"), 404);
        assertError(HttpRequest.DELETE("/predict"), 405);
    }

    // --- helpers ---------------------------------------------------------------------------

    private Map<String, Object> predictFile(TestData.Sample sample) {
        MultipartBody body = MultipartBody.builder()
                .addPart("file", sample.filename(), MediaType.APPLICATION_OCTET_STREAM_TYPE, sample.bytes()).build();
        return http.toBlocking().retrieve(HttpRequest.POST("/predict", body).contentType(MediaType.MULTIPART_FORM_DATA_TYPE), JSON);
    }

    private Map<String, Object> predictRaw(TestData.Sample sample) {
        return http.toBlocking().retrieve(HttpRequest.POST("/predict", sample.bytes())
                .contentType(MediaType.APPLICATION_OCTET_STREAM_TYPE), JSON);
    }

    private Map<String, Object> upload(String filename, byte[] bytes) {
        MultipartBody body = MultipartBody.builder()
                .addPart("file", filename, MediaType.APPLICATION_OCTET_STREAM_TYPE, bytes).build();
        return http.toBlocking().retrieve(HttpRequest.POST("/predict", body).contentType(MediaType.MULTIPART_FORM_DATA_TYPE), JSON);
    }

    private Map<String, Object> assertUploadError(String filename, byte[] bytes, int status) {
        MultipartBody body = MultipartBody.builder()
                .addPart("file", filename, MediaType.APPLICATION_OCTET_STREAM_TYPE, bytes).build();
        return assertError(HttpRequest.POST("/predict", body).contentType(MediaType.MULTIPART_FORM_DATA_TYPE), status);
    }

    private Map<String, Object> assertError(HttpRequest<?> request, int status) {
        HttpClientResponseException e = exchangeError(request);
        assertThat(e.getStatus().getCode()).as(e.getMessage()).isEqualTo(status);
        Map<String, Object> body = e.getResponse().getBody(JSON).orElseThrow(
                () -> new AssertionError("error response without a JSON body: " + e.getMessage()));
        assertThat(body).containsKeys("error", "status", "timestamp").containsEntry("status", status);
        assertThat((String) body.get("error")).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
        return body;
    }

    private HttpClientResponseException exchangeError(HttpRequest<?> request) {
        try {
            HttpResponse<?> response = http.toBlocking().exchange(request, JSON);
            throw new AssertionError("expected an error but got " + response.status());
        } catch (HttpClientResponseException e) {
            return e;
        }
    }
}
