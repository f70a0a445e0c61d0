package com.returnsorter.predict;

import com.returnsorter.service.upload.UploadBudget;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Uploads are admitted by the bytes that arrive: beyond the in-memory body budget they are
 * refused with 503 and Retry-After, on every spelling of the routes, whether the length is
 * declared or not; a stalled upload is cut with 408; the budget always comes back.
 */
@MicronautTest
@Property(name = "predict.in-flight-body-budget-mb", value = "1")
@Property(name = "predict.upload-read-idle-timeout", value = "1s")
@Property(name = "predict.rate-limit.enabled", value = "false")
class AdmissionTest extends PredictServiceTest {

    @Inject
    EmbeddedServer server;

    @Inject
    UploadBudget budget;

    private final java.net.http.HttpClient jdk = java.net.http.HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void bodyLargerThanTheBudgetIsRefusedAndTheBudgetIsReturnedAfterEachRequest() throws Exception {
        // A declared length over the 1 MB budget (Micronaut's client sends byte[] bodies with Content-Length).
        byte[] twoMegabytes = new byte[2 * 1024 * 1024];
        HttpClientResponseException busy = catchThrowableOfType(HttpClientResponseException.class,
                () -> http.toBlocking().exchange(HttpRequest.POST("/predict", twoMegabytes).contentType(MediaType.IMAGE_JPEG_TYPE), JSON));
        assertThat(busy.getStatus().getCode()).isEqualTo(503);
        assertThat(busy.getResponse().getHeaders().get("Retry-After")).isEqualTo("1");
        assertThat(busy.getResponse().getBody(JSON).orElseThrow()).containsEntry("reason", "busy");

        // Requests that fit, successful or not, hand their reservation back: many in a row all pass.
        byte[] photo = TestData.firstOf("png").bytes();
        for (int i = 0; i < 20; i++) {
            assertThat(http.toBlocking().exchange(HttpRequest.POST("/predict", photo).contentType(MediaType.IMAGE_PNG_TYPE), JSON).code())
                    .isEqualTo(200);
            HttpClientResponseException rejected = catchThrowableOfType(HttpClientResponseException.class,
                    () -> http.toBlocking().exchange(HttpRequest.POST("/predict", "not an image".getBytes())
                            .contentType(MediaType.IMAGE_JPEG_TYPE), JSON));
            assertThat(rejected.getStatus().getCode()).isEqualTo(400);
        }
        assertThat(budget.availableBytes()).isEqualTo(budget.capacityBytes());
    }

    @Test
    void chunkedBodyIsCountedAsItArrivesOnEverySpellingOfTheRoutes() throws Exception {
        byte[] twoMegabytes = new byte[2 * 1024 * 1024];
        for (String path : List.of("/predict", "/predict/", "/predict_batch/", "//predict", "/PREDICT", "/predict;x=1")) {
            HttpResponse<String> response = jdk.send(java.net.http.HttpRequest.newBuilder(uri(path))
                            .timeout(Duration.ofSeconds(30)).header("Content-Type", "image/png")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(twoMegabytes)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(503);
            assertThat(response.body()).as(path).contains("\"reason\":\"busy\"");
        }
        // A chunked body that fits is classified.
        byte[] photo = TestData.firstOf("png").bytes();
        HttpResponse<String> ok = jdk.send(java.net.http.HttpRequest.newBuilder(uri("/predict/"))
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "image/png")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(photo))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        awaitBudgetReturned();
    }

    @Test
    void uploadThatStallsIsCutWith408AndReturnsItsReservation() throws Exception {
        // A raw socket, so the bytes on the wire are exactly these: headers and one 16 KiB chunk, then silence.
        try (Socket socket = new Socket("127.0.0.1", server.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/png\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(16 * 1024) + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[16 * 1024]);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // The idle timeout is 1 s; the answer comes without another byte from the client.
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 408");
            assertThat(response).contains("\"reason\":\"upload-timeout\"");
        }
        awaitBudgetReturned();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getPort() + path);
    }

    /** The reservation is returned when the response is done, which the client may see a moment earlier. */
    private void awaitBudgetReturned() throws InterruptedException {
        for (int i = 0; i < 100 && budget.availableBytes() != budget.capacityBytes(); i++) {
            Thread.sleep(50);
        }
        assertThat(budget.availableBytes()).isEqualTo(budget.capacityBytes());
    }
}
