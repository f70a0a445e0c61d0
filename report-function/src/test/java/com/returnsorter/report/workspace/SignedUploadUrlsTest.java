package com.returnsorter.report.workspace;

import com.returnsorter.report.support.BucketXmlEndpoint;
import com.returnsorter.report.support.Night;
import com.returnsorter.report.support.ReportService;
import com.returnsorter.report.support.SigningAccount;
import com.returnsorter.report.support.TestClock;
import com.returnsorter.report.support.V4Signatures;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.returnsorter.report.support.ReportService.ISSUER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code POST /uploads/signed-urls} (upload mode signed-url): the names, clashes, limits and HEIC rules of
 * uploads through the service, applied before the browser PUTs straight to the bucket; the signature checked
 * independently of the library that made it ({@link V4Signatures}, Google's documented algorithm, with the
 * test service account's public key); the PUTs against a real local HTTP server playing the bucket's XML
 * endpoint ({@link BucketXmlEndpoint}).
 */
class SignedUploadUrlsTest {

    static final String BUCKET = "returns-test-bucket";
    static final long MAX = 10_485_760;

    @TempDir
    Path folder;
    final SigningAccount account = new SigningAccount();
    BucketXmlEndpoint endpoint;
    ReportService service;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        endpoint = BucketXmlEndpoint.start(BUCKET, account.keys().getPublic());
        service = signedUrlService(Map.of());
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
        endpoint.close();
    }

    private ReportService signedUrlService(Map<String, Object> more) throws IOException {
        Path bucket = Files.createDirectories(folder.resolve("bucket"));
        Map<String, Object> properties = new HashMap<>(Map.of("storage.kind", "gcs", "storage.bucket", BUCKET,
                "workspace.upload.mode", "signed-url", "workspace.upload.bucket-host", endpoint.url()));
        properties.putAll(more);
        return ReportService.start(bucket, new TestClock(Instant.parse("2026-10-13T09:00:00Z")), properties,
                account.storage(endpoint.url()));
    }

    @Test
    void eachNameGetsAUrlForPuttingItIntoIncomingThatVerifiesWithTheAccountsPublicKey() {
        Map<String, Object> answer = sign(List.of(file("return_20261013_101.jpg", "image/jpeg", 2048L),
                file("Cafe\u0301 photo.png", "image/png", 4096L), file("C:\\Users\\station\\return_20261013_103.webp", "", null)));

        assertThat(answer).containsEntry("signed", 3).containsEntry("refused", 0);
        List<Map<String, Object>> files = files(answer);
        assertThat(files).extracting(f -> f.get("object")).containsExactly("incoming/return_20261013_101.jpg",
                "incoming/Caf\u00e9 photo.png", "incoming/return_20261013_103.webp");
        for (Map<String, Object> file : files) {
            URI url = URI.create((String) file.get("url"));
            Map<String, String> headers = headers(file);
            assertThat(file).containsEntry("method", "PUT").containsEntry("renamed", false);
            assertThat(url.getRawAuthority()).isEqualTo(URI.create(endpoint.url()).getRawAuthority());
            assertThat(url.getPath()).isEqualTo("/" + BUCKET + "/" + file.get("object"));
            assertThat(headers).containsEntry("x-goog-if-generation-match", "0")
                    .containsEntry("x-goog-content-length-range", "1," + MAX);
            assertThat(V4Signatures.signedHeaders(url).split(";"))
                    .contains("host", "content-type", "x-goog-if-generation-match", "x-goog-content-length-range");
            assertThat(V4Signatures.problem("PUT", url, headers, account.keys().getPublic(), Instant.now()))
                    .as("signature of %s", url).isNull();
        }
        assertThat(headers(files.get(0))).containsEntry("content-type", "image/jpeg");
        assertThat(headers(files.get(2))).containsEntry("content-type", "application/octet-stream");
        assertThat(((Number) files.get(0).get("expiresInSeconds")).longValue()).isEqualTo(900);
    }

    @Test
    void theVerifierRefusesWhatTheSignatureDoesNotCover() throws Exception {
        Map<String, Object> file = files(sign(List.of(file("return_20261013_104.jpg", "image/jpeg", 10L)))).get(0);
        URI url = URI.create((String) file.get("url"));
        Map<String, String> headers = headers(file);
        var other = account.keys().getPublic();
        var stranger = java.security.KeyPairGenerator.getInstance("RSA").generateKeyPair().getPublic();

        assertThat(V4Signatures.problem("PUT", url, headers, other, Instant.now())).isNull();
        assertThat(V4Signatures.problem("PUT", url, headers, stranger, Instant.now())).isEqualTo("the signature does not match");
        assertThat(V4Signatures.problem("GET", url, headers, other, Instant.now())).isEqualTo("the signature does not match");
        assertThat(V4Signatures.problem("PUT", URI.create(url.toString().replace("return_20261013_104", "return_20261013_999")),
                headers, other, Instant.now())).isEqualTo("the signature does not match");
        Map<String, String> overwrite = new HashMap<>(headers);
        overwrite.remove("x-goog-if-generation-match");
        assertThat(V4Signatures.problem("PUT", url, overwrite, other, Instant.now()))
                .isEqualTo("signed header x-goog-if-generation-match is not in the request");
        Map<String, String> larger = new HashMap<>(headers);
        larger.put("x-goog-content-length-range", "1,999999999");
        assertThat(V4Signatures.problem("PUT", url, larger, other, Instant.now())).isEqualTo("the signature does not match");
        assertThat(V4Signatures.problem("PUT", url, headers, other, Instant.now().plusSeconds(901))).startsWith("expired");
    }

    @Test
    void aTakenNameIsSkippedBeforeSigningAndARaceLostIs412ThenTheNextSuffixLands() throws Exception {
        byte[] existing = Night.jpeg(1);
        endpoint.put("incoming/return_20261013_105.jpg", existing);

        // Already there: the service checks and signs the next free name.
        Map<String, Object> skipped = files(sign(List.of(file("return_20261013_105.jpg", "image/jpeg", null)))).get(0);
        assertThat(skipped).containsEntry("object", "incoming/return_20261013_105~1.jpg").containsEntry("renamed", true)
                .containsEntry("suffix", 1);
        assertThat(put(skipped, Night.jpeg(2))).isEqualTo(200);
        assertThat(put(skipped, Night.jpeg(3))).as("the same URL again is create-if-absent too").isEqualTo(412);

        // Another upload of that name lands between the check and the PUT: 412, and the next suffix.
        byte[] raced = Night.jpeg(4);
        endpoint.putAfterFirstCheck("incoming/return_20261013_106.jpg", raced);
        Map<String, Object> first = files(sign(List.of(file("return_20261013_106.jpg", "image/jpeg", null)))).get(0);
        assertThat(first).containsEntry("object", "incoming/return_20261013_106.jpg").containsEntry("suffix", 0);
        assertThat(put(first, Night.jpeg(5))).isEqualTo(412);
        Map<String, Object> retry = files(sign(List.of(Map.of("name", "return_20261013_106.jpg", "type", "image/jpeg",
                "suffix", 1)))).get(0);
        assertThat(retry).containsEntry("object", "incoming/return_20261013_106~1.jpg").containsEntry("renamed", true);
        assertThat(put(retry, Night.jpeg(5))).isEqualTo(200);
        // Asking again for suffix 0 (a browser that could not read the 412) skips both taken names.
        assertThat(files(sign(List.of(file("return_20261013_106.jpg", "image/jpeg", null)))).get(0))
                .containsEntry("object", "incoming/return_20261013_106~2.jpg");

        assertThat(endpoint.objects().get("incoming/return_20261013_105.jpg")).isEqualTo(existing);
        assertThat(endpoint.objects().get("incoming/return_20261013_105~1.jpg")).isEqualTo(Night.jpeg(2));
        assertThat(endpoint.objects().get("incoming/return_20261013_106.jpg")).isEqualTo(raced);
        assertThat(endpoint.objects().get("incoming/return_20261013_106~1.jpg")).isEqualTo(Night.jpeg(5));
        assertThat(endpoint.contentType("incoming/return_20261013_105~1.jpg")).isEqualTo("image/jpeg");
        assertThat(put(skipped, new byte[10], "incoming/return_20261013_107.jpg")).as("a URL for another name").isEqualTo(403);
    }

    @Test
    void theExistenceChecksOfOneRequestAreBounded() {
        for (int n = 0; n <= 150; n++) {
            endpoint.put(n == 0 ? "incoming/same.jpg" : "incoming/same~" + n + ".jpg", new byte[1]);
        }
        Map<String, Object> file = files(sign(List.of(file("same.jpg", "image/jpeg", null)))).get(0);
        assertThat(endpoint.stats()).hasSize(100);
        // The 101st candidate is signed unchecked; its PUT would be 412 and upload.js would ask for the next.
        assertThat(file).containsEntry("object", "incoming/same~100.jpg");
    }

    @Test
    void theSizeLimitTravelsInTheSignedUrl() throws Exception {
        Map<String, Object> file = files(sign(List.of(file("return_20261013_107.jpg", "image/jpeg", null)))).get(0);
        assertThat(put(file, new byte[(int) MAX + 1])).isEqualTo(400);
        assertThat(endpoint.puts()).last().extracting(BucketXmlEndpoint.Put::reason).isEqualTo("EntityTooLarge");
        assertThat(put(file, new byte[0])).isEqualTo(400);
        assertThat(endpoint.objects()).doesNotContainKey("incoming/return_20261013_107.jpg");
        assertThat(put(file, Night.jpeg(7))).isEqualTo(200);
    }

    @Test
    void heicTooLargeEmptyNonImagesAndBadNamesAreRefusedUpFront() {
        assertThat(error(HttpRequest.POST("/uploads/signed-urls", Map.of("files",
                List.of(file("IMG_0001.HEIC", "", 100L)))), 415)).containsEntry("reason", "heic-not-supported");
        Map<String, Object> byType = error(HttpRequest.POST("/uploads/signed-urls", Map.of("files",
                List.of(file("IMG_0002.jpg", "image/heic", 100L)))), 415);
        assertThat(byType).containsEntry("reason", "heic-not-supported");
        assertThat((String) byType.get("error")).contains("Settings > Camera > Formats", "Most Compatible");
        assertThat(error(HttpRequest.POST("/uploads/signed-urls", Map.of("files",
                List.of(file("notes.pdf", "application/pdf", 100L)))), 415)).containsEntry("reason", "not-a-supported-image");
        assertThat(error(HttpRequest.POST("/uploads/signed-urls", Map.of("files",
                List.of(file("big.jpg", "image/jpeg", MAX + 1)))), 413)).containsEntry("reason", "file-too-large");
        assertThat(error(HttpRequest.POST("/uploads/signed-urls", Map.of("files",
                List.of(file("empty.jpg", "image/jpeg", 0L)))), 400)).containsEntry("reason", "empty-file");
        assertThat(error(HttpRequest.POST("/uploads/signed-urls", Map.of("files",
                List.of(file("..", "image/jpeg", 10L)))), 400)).containsEntry("reason", "invalid-file-name");
        assertThat(error(HttpRequest.POST("/uploads/signed-urls", Map.of("files",
                List.of(Map.of("name", "a.jpg", "suffix", 1001)))), 409)).containsEntry("reason", "no-free-name");
        assertThat(error(HttpRequest.POST("/uploads/signed-urls", Map.of("files", List.of())), 400))
                .containsEntry("reason", "no-file");

        // Several files: the refused ones are listed with their reason, the others signed.
        Map<String, Object> mixed = sign(List.of(file("ok.jpg", "image/jpeg", 10L), file("IMG_0003.heif", "", 10L)));
        assertThat(mixed).containsEntry("signed", 1).containsEntry("refused", 1);
        assertThat(files(mixed).get(1)).containsEntry("status", "refused").containsEntry("reason", "heic-not-supported")
                .doesNotContainKey("url");
        assertThat(endpoint.puts()).isEmpty();
    }

    @Test
    void atMostAHundredFilesARequest() {
        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            many.add(file("photo_" + i + ".jpg", "image/jpeg", 10L));
        }
        assertThat(error(HttpRequest.POST("/uploads/signed-urls", Map.of("files", many)), 400))
                .containsEntry("reason", "too-many-files");
        assertThat(sign(many.subList(0, 100))).containsEntry("signed", 100);
    }

    @Test
    void thePageUsesTheBucketAndItsCspAllowsOnlyThatEndpoint() {
        String page = service.get("/upload").body();
        assertThat(page).contains("data-mode=\"signed-url\"", "connect-src &#39;self&#39; " + endpoint.url());
    }

    @Test
    void crossSiteRequestsAreRefused() {
        HttpResponse<String> answer = service.exchange(HttpRequest.POST("/uploads/signed-urls",
                Map.of("files", List.of(file("a.jpg", "image/jpeg", 10L)))).header("Sec-Fetch-Site", "cross-site"));
        assertThat(answer.getStatus().getCode()).isEqualTo(403);
        assertThat(service.read(answer.body(), Map.class)).containsEntry("reason", "cross-site");
    }

    @Test
    void onlyPeopleSignedInThroughIapGetUrlsAndAnApiKeyGetsNone() throws IOException {
        service.close();
        String audience = "/projects/123456/locations/europe-west1/services/report-function";
        service = signedUrlService(Map.of("report.api-keys", "inventory:inventory-export-key-0123456789",
                "iap.audience", audience, "iap.jwks-uri", ISSUER.jwksUri()));
        var body = Map.of("files", List.of(file("return_20261013_110.jpg", "image/jpeg", 10L)));

        assertThat(service.exchange(HttpRequest.POST("/uploads/signed-urls", body)).getStatus().getCode()).isEqualTo(401);
        assertThat(service.exchange(HttpRequest.POST("/uploads/signed-urls", body)
                .header("X-API-Key", "inventory-export-key-0123456789")).getStatus().getCode()).isEqualTo(403);
        HttpResponse<String> person = service.exchange(HttpRequest.POST("/uploads/signed-urls", body)
                .header("x-goog-iap-jwt-assertion", ISSUER.iapAssertion("station@returns.example", audience)));
        assertThat(person.getStatus().getCode()).isEqualTo(200);
        assertThat(person.body()).contains("incoming/return_20261013_110.jpg");
    }

    @Test
    void theServiceModeHasNoSignedUrlsAndTheLocalStoreCannotHaveThem() throws IOException {
        service.close();
        service = null;
        Path bucket = Files.createDirectories(folder.resolve("local"));
        try (ReportService local = ReportService.start(bucket, new TestClock(Instant.parse("2026-10-13T09:00:00Z")), Map.of())) {
            HttpResponse<String> answer = local.exchange(HttpRequest.POST("/uploads/signed-urls",
                    Map.of("files", List.of(file("a.jpg", "image/jpeg", 10L)))));
            assertThat(answer.getStatus().getCode()).isEqualTo(404);
            assertThat(local.read(answer.body(), Map.class)).containsEntry("reason", "signed-urls-off");
            assertThat(local.get("/upload").body()).contains("data-mode=\"service\"", "connect-src &#39;self&#39;;");
        }
        assertThatThrownBy(() -> ReportService.start(bucket, new TestClock(Instant.parse("2026-10-13T09:00:00Z")),
                Map.of("workspace.upload.mode", "signed-url")))
                .hasStackTraceContaining("WORKSPACE_UPLOAD_MODE").hasStackTraceContaining("STORAGE_KIND=gcs");
        assertThatThrownBy(() -> ReportService.start(bucket, new TestClock(Instant.parse("2026-10-13T09:00:00Z")),
                Map.of("workspace.upload.mode", "direct")))
                .hasStackTraceContaining("WORKSPACE_UPLOAD_MODE").hasStackTraceContaining("'direct'");
    }

    @Test
    void aClientThatCannotSignAnswers503NotA500() throws IOException {
        service.close();
        Path bucket = Files.createDirectories(folder.resolve("bucket"));
        service = ReportService.start(bucket, new TestClock(Instant.parse("2026-10-13T09:00:00Z")), Map.of(
                "storage.kind", "gcs", "storage.bucket", BUCKET, "workspace.upload.mode", "signed-url",
                "workspace.upload.bucket-host", endpoint.url()), SigningAccount.unsigned(endpoint.url()));
        HttpResponse<String> answer = service.exchange(HttpRequest.POST("/uploads/signed-urls",
                Map.of("files", List.of(file("a.jpg", "image/jpeg", 10L)))));
        assertThat(answer.getStatus().getCode()).isEqualTo(503);
        assertThat(service.read(answer.body(), Map.class)).containsEntry("reason", "signing-unavailable");
    }

    private static Map<String, Object> file(String name, String type, Long size) {
        Map<String, Object> file = new HashMap<>();
        file.put("name", name);
        file.put("type", type);
        if (size != null) {
            file.put("size", size);
        }
        return file;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> sign(List<Map<String, Object>> files) {
        HttpResponse<String> answer = service.exchange(HttpRequest.POST("/uploads/signed-urls", Map.of("files", files)));
        assertThat(answer.getStatus().getCode()).as(answer.body()).isEqualTo(200);
        return service.read(answer.body(), Map.class);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> error(HttpRequest<?> request, int status) {
        HttpResponse<String> answer = service.exchange(request);
        assertThat(answer.getStatus().getCode()).as(answer.body()).isEqualTo(status);
        return service.read(answer.body(), Map.class);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> files(Map<String, Object> answer) {
        return (List<Map<String, Object>>) answer.get("files");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> headers(Map<String, Object> file) {
        return (Map<String, String>) file.get("headers");
    }

    private int put(Map<String, Object> file, byte[] body) throws Exception {
        return put(file, body, null);
    }

    /** PUTs as the browser does: the URL as given, with exactly the headers of the answer (optionally another object). */
    private int put(Map<String, Object> file, byte[] body, String otherObject) throws Exception {
        String url = (String) file.get("url");
        if (otherObject != null) {
            url = url.replace((String) file.get("object"), otherObject);
        }
        var request = java.net.http.HttpRequest.newBuilder(URI.create(url)).PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body));
        headers(file).forEach(request::header);
        return http.send(request.build(), BodyHandlers.discarding()).statusCode();
    }
}
