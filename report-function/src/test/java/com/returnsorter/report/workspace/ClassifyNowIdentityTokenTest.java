package com.returnsorter.report.workspace;

import com.returnsorter.report.support.Night;
import com.returnsorter.report.support.ReportService;
import com.returnsorter.report.support.TestClock;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.multipart.MultipartBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Classify now" on Cloud Run: the workspace calls the private predict service with an identity token for
 * the predict URL, from the metadata server, by service-support's {@code IdentityTokens} (the batch's
 * mechanism, tested the same way in the batch's PredictIdentityTokenTest). Both ends are real HTTP servers:
 * one plays the GCE metadata server, the other plays predict and records the Authorization header it got.
 */
class ClassifyNowIdentityTokenTest {

    @TempDir
    Path folder;
    private HttpServer metadata;
    private HttpServer predict;
    private final List<String> tokenRequests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> tokensIssued = new CopyOnWriteArrayList<>();
    private volatile int metadataStatus = 200;

    @BeforeEach
    void startServers() throws IOException {
        metadata = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        metadata.createContext("/computeMetadata/v1/instance/service-accounts/default/identity", exchange -> {
            tokenRequests.add(exchange.getRequestHeaders().getFirst("Metadata-Flavor") + " " + exchange.getRequestURI().getQuery());
            byte[] body = issue(Instant.now().getEpochSecond() + 3600).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(metadataStatus, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        metadata.start();
        predict = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        predict.createContext("/predict", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(authorization == null ? "<none>" : authorization);
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            // Cloud Run in front of a private service: no valid token, no request.
            boolean admitted = authorization != null && tokensIssued.stream().anyMatch(t -> authorization.equals("Bearer " + t));
            byte[] body = (admitted ? "{\"category\":\"Coat\",\"confidence\":0.97}" : "{\"error\":\"unauthenticated\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(admitted ? 200 : 401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        predict.start();
    }

    @AfterEach
    void stopServers() {
        metadata.stop(0);
        predict.stop(0);
    }

    @Test
    void classifyNowCarriesAnIdentityTokenForThePredictUrlAndReusesIt() throws IOException {
        try (ReportService service = service(true)) {
            Map<String, Object> first = upload(service, "return_20261013_101.jpg", 1);
            Map<String, Object> second = upload(service, "return_20261013_102.jpg", 2);

            assertThat(first).containsEntry("classification", Map.of("category", "Coat", "confidence", 0.97));
            assertThat(second).containsEntry("classification", Map.of("category", "Coat", "confidence", 0.97));
        }
        assertThat(authorizations).containsExactly("Bearer " + tokensIssued.get(0), "Bearer " + tokensIssued.get(0));
        assertThat(tokenRequests).singleElement().asString().startsWith("Google ")
                .contains("audience=http://127.0.0.1:" + predict.getAddress().getPort()).contains("format=full");
        assertThat(bodies.get(0)).contains("\"object\":\"incoming/return_20261013_101.jpg\"");
        assertThat(folder.resolve("bucket/incoming/return_20261013_101.jpg")).exists();
    }

    @Test
    void withoutTheSettingNoTokenIsAskedForAndAPrivatePredictRefuses() throws IOException {
        try (ReportService service = service(false)) {
            Map<String, Object> file = upload(service, "return_20261013_103.jpg", 3);
            assertThat(file).containsEntry("status", "stored")
                    .containsEntry("classification", Map.of("error", "the predict function answered 401"));
        }
        assertThat(authorizations).containsExactly("<none>");
        assertThat(tokenRequests).isEmpty();
    }

    @Test
    void aMetadataServerFailureIsReportedAndThePhotoIsStillStored() throws IOException {
        metadataStatus = 500;
        try (ReportService service = service(true)) {
            Map<String, Object> file = upload(service, "return_20261013_104.jpg", 4);
            assertThat(file).containsEntry("status", "stored").containsEntry("object", "incoming/return_20261013_104.jpg")
                    .containsEntry("classification", Map.of("error", "no identity token for the predict function"));
        }
        assertThat(authorizations).isEmpty();
        assertThat(folder.resolve("bucket/incoming/return_20261013_104.jpg")).exists();
    }

    private ReportService service(boolean identityToken) throws IOException {
        Path bucket = Files.createDirectories(folder.resolve("bucket"));
        return ReportService.start(bucket, new TestClock(Instant.parse("2026-10-13T09:00:00Z")), Map.of(
                "workspace.predict.url", "http://127.0.0.1:" + predict.getAddress().getPort(),
                "workspace.predict.identity-token", identityToken,
                "workspace.predict.metadata-url", "http://127.0.0.1:" + metadata.getAddress().getPort()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> upload(ReportService service, String name, int seed) {
        HttpResponse<String> answer = service.exchange(HttpRequest.POST("/uploads", MultipartBody.builder()
                        .addPart("files", name, MediaType.IMAGE_JPEG_TYPE, Night.jpeg(seed))
                        .addPart("classify", "on").build())
                .contentType(MediaType.MULTIPART_FORM_DATA_TYPE).accept(MediaType.APPLICATION_JSON_TYPE));
        assertThat(answer.getStatus().getCode()).as(answer.body()).isEqualTo(200);
        List<Map<String, Object>> files = (List<Map<String, Object>>) service.read(answer.body(), Map.class).get("files");
        return files.get(0);
    }

    /** A JWT-shaped token (header.claims.signature) with the given exp, recorded as issued. */
    private String issue(long exp) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        int n = tokensIssued.size() + 1;
        String token = b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"exp\":" + exp + ",\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8)) + ".sig" + n;
        tokensIssued.add(token);
        return token;
    }
}
