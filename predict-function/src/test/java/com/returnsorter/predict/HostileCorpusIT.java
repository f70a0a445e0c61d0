package com.returnsorter.predict;

import com.returnsorter.inference.hostile.HostileCorpus;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The committed hostile-file corpus against the packaged service as it ships: the shaded jar started with
 * {@code predict-function/jvm.options} ({@code -Xmx128m -XX:+ExitOnOutOfMemoryError}, so one decode that
 * allocated from an unchecked header would end the process). Every file is POSTed raw and as multipart;
 * each answer must be a prediction or a JSON 4xx with the expected reason, within 10 s, and the process
 * must be alive after each. Then the first 50 (the batch limit) at once through {@code /predict_batch}.
 */
class HostileCorpusIT {

    private static final Duration ANSWER_DEADLINE = Duration.ofSeconds(10);

    @TempDir
    static Path data;

    private static Process process;
    private static URI url;
    private static Path log;
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final JsonMapper JSON = JsonMapper.createDefault();

    @BeforeAll
    static void start() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path root = Path.of(System.getProperty("returnsorter.root"));
        Path jar = Path.of(System.getProperty("predict.jar"));
        assertThat(jar).as("the packaged jar").exists();
        log = root.resolve("predict-function/target/hostile-corpus-it.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + root.resolve("predict-function/jvm.options"), "-jar", jar.toString());
        builder.environment().put("PORT", String.valueOf(port));
        builder.environment().put("LOCAL_STORAGE_ROOT", data.toString());
        // Over a hundred requests from one address: the hourly rate limit is not what this test is about.
        builder.environment().put("RATE_LIMIT_PREDICT_PER_HOUR", "100000");
        builder.environment().put("RATE_LIMIT_BATCH_PER_HOUR", "100000");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        process = builder.start();
        url = URI.create("http://127.0.0.1:" + port);
        for (int attempt = 0; attempt < 450; attempt++) {
            assertThat(process.isAlive()).as("the service exited while starting:\n" + tail()).isTrue();
            try {
                if (get("/health").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // retry
            }
            Thread.sleep(200);
        }
        fail("the service never became healthy:\n" + tail());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor();
        }
    }

    @Test
    void everyHostileFileIsAnsweredWithAPredictionOrAJson4xxAndTheProcessSurvives() throws Exception {
        List<String> answers = new ArrayList<>();
        for (HostileCorpus.Case file : HostileCorpus.committed()) {
            for (boolean multipart : new boolean[] {false, true}) {
                String how = file.path() + (multipart ? " (multipart)" : " (raw)");
                HttpResponse<String> response = multipart ? postMultipart("/predict", "file", List.of(file))
                        : send(HttpRequest.newBuilder(url.resolve("/predict")).header("Content-Type", contentType(file))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(file.bytes())));
                assertThat(process.isAlive()).as("the service died on " + how + ":\n" + tail()).isTrue();
                Map<String, Object> body = TestData.map(JSON.readValue(response.body(), Map.class));
                answers.add(how + " -> " + response.statusCode() + " " + body.getOrDefault("reason", body.get("category")));
                if (file.decodes()) {
                    assertThat(response.statusCode()).as(how + ": " + response.body()).isEqualTo(200);
                    assertThat(body).containsKeys("category", "confidence");
                } else {
                    assertThat(response.statusCode()).as(how + ": " + response.body()).isBetween(400, 499);
                    assertThat(body).as(how).containsKeys("error", "status", "timestamp");
                    assertThat(body.get("reason")).as(how + ": " + response.body()).isEqualTo(file.expected());
                }
            }
        }
        Files.write(log.resolveSibling("hostile-corpus-it-answers.txt"), answers);
        assertThat(get("/health").statusCode()).as(tail()).isEqualTo(200);
    }

    @Test
    void theWholeCorpusInOneBatchIsAnsweredFilePerFile() throws Exception {
        List<HostileCorpus.Case> files = HostileCorpus.committed().stream().limit(50).toList();

        HttpResponse<String> response = postMultipart("/predict_batch", "files", files);

        assertThat(process.isAlive()).as("the service died on the batch:\n" + tail()).isTrue();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        for (HostileCorpus.Case file : files) {
            assertThat(response.body()).as("an answer naming " + file.path()).contains(file.path().substring(file.path().indexOf('/') + 1));
        }
        assertThat(get("/health").statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> postMultipart(String path, String field, List<HostileCorpus.Case> files)
            throws IOException, InterruptedException {
        String boundary = "hostile-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (HostileCorpus.Case file : files) {
            String name = file.path().substring(file.path().indexOf('/') + 1);
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\""
                    + name + "\"\r\nContent-Type: " + contentType(file) + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(file.bytes());
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(url.resolve(path)).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    /** Sends with the hard answer deadline of the acceptance criterion. */
    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return CLIENT.send(request.timeout(ANSWER_DEADLINE).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(url.resolve(path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String contentType(HostileCorpus.Case file) {
        return "image/" + file.format();
    }

    private static String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
