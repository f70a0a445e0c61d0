package com.returnsorter.batch.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The real predict function, started once per test JVM from its runnable jar (built earlier in the
 * reactor) with the JVM options that ship, on a bucket directory the tests share with the batch.
 */
public final class PredictProcess {

    public static final String INTERNAL_KEY = "test-batch-key-0123456789abcdef";

    private static PredictProcess instance;

    private final Process process;
    private final URI url;
    private final Path bucket;

    private PredictProcess(Process process, URI url, Path bucket) {
        this.process = process;
        this.url = url;
        this.bucket = bucket;
    }

    public static synchronized PredictProcess get() {
        if (instance == null) {
            instance = start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> instance.process.destroyForcibly()));
        }
        return instance;
    }

    public URI url() {
        return url;
    }

    /** Whether the predict function's process is still running (a decode that ran out of heap would end it). */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The local bucket the predict function reads photos from; tests put photos here. */
    public Path bucket() {
        return bucket;
    }

    private static PredictProcess start() {
        Path root = Path.of(System.getProperty("returnsorter.root"));
        Path jar = root.resolve("predict-function/target/predict-function-" + System.getProperty("project.version") + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the predict function's jar is missing: " + jar
                    + "; build the reactor from its root (./mvnw verify) so predict-function is packaged first");
        }
        try {
            Path bucket = Files.createDirectories(root.resolve("batch-trigger-function/target/test-bucket"));
            Path log = root.resolve("batch-trigger-function/target/predict-process.log");
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "@" + root.resolve("predict-function/jvm.options"), "-jar", jar.toString());
            builder.environment().put("PORT", String.valueOf(port));
            builder.environment().put("LOCAL_STORAGE_ROOT", bucket.toString());
            builder.environment().put("PREDICT_API_KEYS", "night-batch:" + INTERNAL_KEY + ":internal");
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
            Process process = builder.start();
            URI url = URI.create("http://127.0.0.1:" + port);
            awaitHealthy(process, url, log);
            return new PredictProcess(process, url, bucket);
        } catch (IOException e) {
            throw new IllegalStateException("could not start the predict function", e);
        }
    }

    private static void awaitHealthy(Process process, URI url, Path log) throws IOException {
        HttpClient client = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the predict function exited: " + String.join("\n", tail(log)));
            }
            try {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(url.resolve("/health")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("the predict function did not become healthy: " + String.join("\n", tail(log)));
    }

    private static List<String> tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return lines.subList(Math.max(0, lines.size() - 30), lines.size());
    }
}
