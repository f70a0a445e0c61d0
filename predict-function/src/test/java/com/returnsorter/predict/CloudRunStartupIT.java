package com.returnsorter.predict;

import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged service as Cloud Run starts it: {@code java -jar predict-function-<version>.jar}
 * in a separate JVM, listening on the port in {@code PORT}, answering a real prediction, and
 * logging one JSON object per line when {@code LOG_FORMAT=JSON}. Runs after {@code package}
 * (Failsafe), so it tests the artifact that ships, not the test classpath.
 */
class CloudRunStartupIT {

    @Test
    void listensOnPortFromEnvironmentAndLogsJsonForCloudLogging(@TempDir Path data) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path jar = Path.of(System.getProperty("predict.jar"));
        assertThat(jar).as("the packaged jar").exists();
        // With the JVM options that ship (predict-function/jvm.options), as the image and run-local use them.
        Path options = Path.of(System.getProperty("returnsorter.root"), "predict-function", "jvm.options");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + options, "-jar", jar.toString());
        builder.environment().put("PORT", String.valueOf(port));
        builder.environment().put("LOG_FORMAT", "JSON");
        builder.environment().put("LOCAL_STORAGE_ROOT", data.toString());
        builder.redirectErrorStream(true);
        Process process = builder.start();
        List<String> output = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    output.add(line);
                }
            } catch (IOException ignored) {
                // The process ended.
            }
        });
        reader.start();
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpResponse<String> health = waitForHealthy(client, port, process);
            assertThat(health.statusCode()).as(String.join("\n", output)).isEqualTo(200);

            TestData.Sample sample = TestData.firstOf("png");
            HttpResponse<String> prediction = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/predict"))
                    .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(sample.bytes())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(prediction.statusCode()).as(prediction.body()).isEqualTo(200);
            assertThat(prediction.body()).contains("\"category\"");

            JsonMapper json = JsonMapper.createDefault();
            List<String> logLines = output.stream().filter(line -> line.startsWith("{")).toList();
            assertThat(logLines).as("JSON log lines in:\n" + String.join("\n", output)).isNotEmpty();
            for (String line : logLines) {
                Map<String, Object> entry = TestData.map(json.readValue(line, Map.class));
                assertThat(entry).containsKeys("severity", "message");
            }
            assertThat(output).as("every line is JSON").allMatch(line -> line.startsWith("{"));
        } finally {
            process.destroy();
            process.waitFor();
            reader.join(5_000);
        }
    }

    private static HttpResponse<String> waitForHealthy(HttpClient client, int port, Process process) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(2)).build();
        HttpResponse<String> last = null;
        for (int attempt = 0; attempt < 300 && process.isAlive(); attempt++) {
            try {
                last = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (last.statusCode() == 200) {
                    return last;
                }
            } catch (IOException notYetListening) {
                // Retry until the server listens.
            }
            Thread.sleep(200);
        }
        if (last == null) {
            throw new AssertionError("the service never answered on port " + port);
        }
        return last;
    }
}
