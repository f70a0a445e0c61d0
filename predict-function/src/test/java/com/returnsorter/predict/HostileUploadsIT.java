package com.returnsorter.predict;

import com.returnsorter.testing.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar with the JVM options that ship ({@code -Xmx128m -XX:+ExitOnOutOfMemoryError}):
 * uploads that used to end the process are answered, and the process lives on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileUploadsIT {

    private ServiceProcess predict;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start(@TempDir Path bucket) {
        predict = launcher("predict-hostile", bucket)
                .env("RATE_LIMIT_ENABLED", "false")
                .start();
    }

    @AfterAll
    void stop() {
        if (predict != null) {
            predict.close();
        }
    }

    @Test
    void fiftyMegapixelPngsInOneBatchAreClassifiedUnderTheShippedHeap() throws Exception {
        // 50 × 1024 × 1024: 200 MB of pixels if every decoded image were kept until inference.
        byte[] png = sparsePng(1024, 1024);
        String boundary = "batch-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < 50; i++) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"photo-" + i
                    + ".png\"\r\nContent-Type: image/png\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            body.write(png);
            body.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(predict.url().resolve("/predict_batch"))
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body() + "\n" + predict.tail()).isEqualTo(200);
        assertThat(response.body()).contains("\"total\":50", "\"successful\":50");
        assertThat(predict.isAlive()).isTrue();
    }

    @Test
    void twelveConcurrentChunkedNineMegabyteUploadsAreAnsweredOkOrBusy() throws Exception {
        byte[] nineMegabytes = noisePng(1750, 1700, 9);
        assertThat(nineMegabytes.length).isBetween(8_500_000, 10_000_000);
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            // Every other one on the trailing-slash spelling of the route: admission does not depend on it.
            URI uri = predict.url().resolve(i % 2 == 0 ? "/predict" : "/predict/");
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "image/png")
                    // An InputStream body has no known length: the client sends it chunked.
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(nineMegabytes)))
                    .build();
            answers.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        int ok = 0;
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get();
            if (response.statusCode() == 200) {
                assertThat(response.body()).contains("\"category\"");
                ok++;
            } else {
                assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
                assertThat(response.body()).contains("\"reason\":\"busy\"");
                assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
            }
        }
        assertThat(predict.isAlive()).as(predict.tail()).isTrue();
        HttpResponse<String> health = client.send(HttpRequest.newBuilder(predict.url().resolve("/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        // The budget came back: one more such upload, alone, is classified.
        HttpResponse<String> alone = client.send(HttpRequest.newBuilder(predict.url().resolve("/predict"))
                        .timeout(Duration.ofSeconds(60)).header("Content-Type", "image/png")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(nineMegabytes))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(alone.statusCode()).as(alone.body() + " after " + ok + " of 12 were classified").isEqualTo(200);
    }

    static ServiceProcess.Builder launcher(String name, Path bucket) {
        Path root = Path.of(System.getProperty("returnsorter.root"));
        return ServiceProcess.builder(name, Path.of(System.getProperty("predict.jar")))
                .jvmOptions(root.resolve("predict-function").resolve("jvm.options"))
                .cleanEnvironment()
                .env("LOCAL_STORAGE_ROOT", bucket.toString())
                .env("MICRONAUT_SERVER_HOST", "127.0.0.1")
                .log(root.resolve("predict-function").resolve("target").resolve(name + ".log"));
    }

    /** A white photo with one dark garment-like shape: a few KB of PNG, 4 MB once decoded. */
    private static byte[] sparsePng(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(40, 40, 60));
        g.fillRect(width / 4, height / 5, width / 2, height * 3 / 5);
        g.dispose();
        return encode(image);
    }

    /** Random pixels, which PNG cannot compress: about {@code width × height × 3} bytes. */
    private static byte[] noisePng(int width, int height, long seed) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return encode(image);
    }

    private static byte[] encode(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
