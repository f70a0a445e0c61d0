package com.returnsorter.report.workspace;

import com.returnsorter.report.support.Night;
import com.returnsorter.report.support.ReportService;
import com.returnsorter.report.support.TestClock;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workspace's surfaces as an attacker would use them: hostile upload names and bodies, forged
 * form posts, hostile keys and images for thumbnails, forged decisions, formula cells in exports,
 * out-of-range dates and reflected text. Every answer is a reason (JSON or a page), never a 500.
 * Requests are written byte for byte with {@code java.net.http} where Micronaut's client would
 * clean them up.
 */
class WorkspaceAttackTest {

    static final Instant NIGHT = Instant.parse("2026-10-13T02:00:00Z");
    static final Path HOSTILE = Path.of("../inference/src/test/resources/hostile");

    @TempDir
    Path folder;

    TestClock clock = new TestClock(NIGHT.plusSeconds(7 * 3600));
    ReportService service;
    Path bucket;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        bucket = folder.resolve("bucket");
        try {
            Files.createDirectories(bucket);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        service = ReportService.start(bucket, clock, Map.of("iap.local-user", "anna@returns.example"));
        new Night(bucket, "20261013_020000_abcdef", NIGHT)
                .sorted("=HYPERLINK(\"http-evil\")~x.jpg", "Coat", 0.93)
                .review("return_20261013_002.jpg", "Coat", 0.52, "Pullover")
                .review("return_20261013_003.jpg", "Shirt", 0.44, "Pullover")
                .rejected("return_20261013_005.jpg")
                .record(service.history());
        new Night(bucket, "x", NIGHT).write("state/secret.json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        service.close();
    }

    // ---- uploads ----

    @Test
    void hostileFileNamesNeverLeaveIncomingAndAreAnsweredWithAReason() throws Exception {
        List<String> names = List.of("../../state/evil.jpg", "/etc/passwd.jpg", "..\\..\\state\\win.jpg",
                "a\u0000b.jpg", "a\nb.jpg", "a\rb.jpg", "a\u202Egpj.exe", "x".repeat(300) + ".jpg",
                "é".repeat(200) + ".jpg", "..", ".", ".hidden.jpg", "ok~1.jpg");
        for (String name : names) {
            java.net.http.HttpResponse<String> answer = upload(List.of(new Part(name, Night.jpeg(name.length()))), Map.of());
            assertThat(answer.statusCode()).as("%s: %s", name, answer.body()).isIn(200, 400);
            Map<String, Object> json = json(answer.body());
            if (answer.statusCode() == 200) {
                @SuppressWarnings("unchecked")
                String object = (String) ((List<Map<String, Object>>) json.get("files")).get(0).get("object");
                assertThat(object).as(name).startsWith("incoming/").doesNotContain("..");
                assertThat(object.substring("incoming/".length())).as(name).doesNotContain("/");
            } else {
                assertThat(json).as(name).containsKey("reason").containsEntry("status", 400);
            }
        }
        // Nothing was written outside incoming/ and the store's own staging folder.
        try (Stream<Path> files = Files.walk(bucket)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> bucket.relativize(p).toString())
                    .filter(p -> !p.startsWith("incoming/") && !p.startsWith(".staging")))
                    .allMatch(p -> p.startsWith("review/") || p.startsWith("processed/") || p.startsWith("rejected/")
                            || p.startsWith("reports/") || p.equals("state/secret.json"));
        }
        assertThat(bucket.resolve("incoming/evil.jpg")).exists();
        assertThat(bucket.resolve("incoming/ok~1.jpg")).exists();
    }

    @Test
    void namesThatDifferOnlyInUnicodeNormalisationAreOneNameAndBothPhotosAreKept() throws Exception {
        String composed = Normalizer.normalize("Café_return.jpg", Normalizer.Form.NFC);
        String decomposed = Normalizer.normalize("Café_return.jpg", Normalizer.Form.NFD);
        assertThat(upload(List.of(new Part(composed, Night.jpeg(1))), Map.of()).statusCode()).isEqualTo(200);
        java.net.http.HttpResponse<String> second = upload(List.of(new Part(decomposed, Night.jpeg(2))), Map.of());

        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(second.body()).contains("\"renamed\":true", "incoming/" + composed.replace(".jpg", "~1.jpg"));
        assertThat(Files.readAllBytes(bucket.resolve("incoming/" + composed))).isEqualTo(Night.jpeg(1));
        // Names differing in case are different names: both kept as sent.
        assertThat(upload(List.of(new Part("CASE.jpg", Night.jpeg(3)), new Part("case.jpg", Night.jpeg(4))), Map.of())
                .statusCode()).isEqualTo(200);
        assertThat(Files.list(bucket.resolve("incoming")).map(p -> p.getFileName().toString()).filter(n ->
                n.equalsIgnoreCase("case.jpg") || n.toLowerCase().startsWith("case~"))).hasSize(2);
    }

    @Test
    void oneRequestCarriesAtMostAHundredFilesAndNothingIsStoredBeyond() throws Exception {
        List<Part> parts = new ArrayList<>();
        byte[] tiny = Files.readAllBytes(HOSTILE.resolve("png/no-idat.png")); // a PNG signature, a few bytes
        for (int i = 0; i <= 100; i++) {
            parts.add(new Part("same.png", tiny));
        }
        java.net.http.HttpResponse<String> answer = upload(parts, Map.of());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(json(answer.body())).containsEntry("reason", "too-many-files");
        assertThat(bucket.resolve("incoming")).doesNotExist();
    }

    @Test
    void emptyFilesAndFilesThatAreNoImageAreRefusedWithAReason() throws Exception {
        java.net.http.HttpResponse<String> empty = upload(List.of(new Part("empty.jpg", new byte[0])), Map.of());
        assertThat(empty.statusCode()).isEqualTo(400);
        // Micronaut drops an empty file part, so the answer is "no file" rather than "empty file".
        assertThat((String) json(empty.body()).get("reason")).isIn("empty-file", "no-file");
        java.net.http.HttpResponse<String> script = upload(List.of(new Part("photo.jpg",
                "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8))), Map.of());
        assertThat(script.statusCode()).isEqualTo(415);
        assertThat(json(script.body())).containsEntry("reason", "not-a-supported-image");
        byte[] heif = new byte[64];
        System.arraycopy(new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p', 'm', 'i', 'f', '1'}, 0, heif, 0, 12);
        java.net.http.HttpResponse<String> mif1 = upload(List.of(new Part("IMG_1.png", heif)), Map.of());
        assertThat(json(mif1.body())).containsEntry("reason", "heic-not-supported");
        assertThat(bucket.resolve("incoming")).doesNotExist();
    }

    @Test
    void twoUploadsOfOneNameAtOnceAreBothKeptNothingOverwritten() throws Exception {
        int uploads = 12;
        ExecutorService pool = Executors.newFixedThreadPool(uploads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<java.net.http.HttpResponse<String>>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < uploads; i++) {
                byte[] photo = Night.jpeg(100 + i);
                answers.add(pool.submit(() -> {
                    go.await();
                    return upload(List.of(new Part("station.jpg", photo)), Map.of());
                }));
            }
            go.countDown();
            for (Future<java.net.http.HttpResponse<String>> answer : answers) {
                assertThat(answer.get().statusCode()).as(answer.get().body()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> copies = Night.copiesOf(bucket, "station.jpg");
        assertThat(copies).hasSize(uploads);
        List<byte[]> contents = new ArrayList<>();
        for (String copy : copies) {
            contents.add(Files.readAllBytes(bucket.resolve(copy)));
        }
        for (int i = 0; i < uploads; i++) {
            byte[] expected = Night.jpeg(100 + i);
            assertThat(contents).as("upload %d kept", i).anyMatch(c -> java.util.Arrays.equals(c, expected));
        }
    }

    @Test
    void uploadsShareTheServicesBodyBudgetBeyondItTheAnswerIsBusyWithRetryAfter() throws Exception {
        Path small = Files.createDirectories(folder.resolve("small"));
        try (ReportService tight = ReportService.start(small, clock, Map.of("iap.local-user", "anna@returns.example",
                "workspace.in-flight-body-budget-mb", 1))) {
            byte[] photo = new byte[1536 * 1024];
            byte[] jpeg = Night.jpeg(9);
            System.arraycopy(jpeg, 0, photo, 0, jpeg.length);
            ReportService before = service;
            service = tight;
            java.net.http.HttpResponse<String> answer;
            try {
                answer = upload(List.of(new Part("big.jpg", photo)), Map.of());
            } finally {
                service = before;
            }
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
            assertThat(json(answer.body())).containsEntry("reason", "busy");
            assertThat(answer.headers().firstValue("Retry-After")).isPresent();
            assertThat(small.resolve("incoming/big.jpg")).doesNotExist();
            // What fits the budget is stored as before.
            service = tight;
            try {
                assertThat(upload(List.of(new Part("small.jpg", jpeg)), Map.of()).statusCode()).isEqualTo(200);
            } finally {
                service = before;
            }
        }
    }

    // ---- cross-site form posts ----

    @Test
    void formPostsFromAnotherSiteOrAnOpaqueOriginAreRefusedOnEveryStateChangingRoute() throws Exception {
        String decision = "object=review%2FCoat%2Freturn_20261013_002.jpg&decision=reject";
        // (A foreign Origin is refused earlier by Micronaut's drive-by-localhost check when the service is at
        // localhost, with an empty 403; the Origin rules are WorkspaceSameSiteTest's.)
        for (Map<String, String> headers : List.of(
                Map.of("Sec-Fetch-Site", "cross-site"), Map.of("Sec-Fetch-Site", "same-site"))) {
            java.net.http.HttpResponse<String> form = postForm(decision, headers);
            assertThat(form.statusCode()).as("%s: %s", headers, form.body()).isEqualTo(403);
            assertThat(form.body()).as("%s", headers).contains("\"reason\":\"cross-site\"");
            java.net.http.HttpResponse<String> up = upload(List.of(new Part("csrf.jpg", Night.jpeg(5))), headers);
            assertThat(up.statusCode()).as("%s", headers).isEqualTo(403);
            assertThat(up.body()).as("%s", headers).contains("\"reason\":\"cross-site\"");
        }
        assertThat(Night.copiesOf(bucket, "return_20261013_002.jpg")).containsExactly("review/Coat/return_20261013_002.jpg");
        assertThat(bucket.resolve("incoming/csrf.jpg")).doesNotExist();

        // A JSON body sent as a "simple" cross-site request (text/plain, no preflight) is not a decision.
        java.net.http.HttpResponse<String> plain = http.send(java.net.http.HttpRequest.newBuilder(
                        URI.create(service.url() + "/review/decisions"))
                .header("Content-Type", "text/plain").header("Sec-Fetch-Site", "cross-site")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"object\":\"review/Coat/return_20261013_002.jpg\",\"decision\":\"reject\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).as(plain.body()).isBetween(400, 499);
        assertThat(Night.copiesOf(bucket, "return_20261013_002.jpg")).containsExactly("review/Coat/return_20261013_002.jpg");

        // The workspace's own pages.
        java.net.http.HttpResponse<String> own = postForm(decision, Map.of("Sec-Fetch-Site", "same-origin"));
        assertThat(own.statusCode()).isEqualTo(303);
        assertThat(Night.copiesOf(bucket, "return_20261013_002.jpg")).containsExactly("rejected/return_20261013_002.jpg");
    }

    // ---- thumbnails ----

    @Test
    void thumbnailKeysOutsideThePhotoFoldersOrSpelledToEscapeAreRefusedWithAReason() throws Exception {
        for (String target : List.of("/photos/state/secret.json", "/photos/reports/x/summary.json",
                "/photos/review/..%2F..%2Fstate%2Fsecret.json", "/photos/review%2F..%2Fstate%2Fsecret.json",
                "/photos/review/Coat/%2E%2E/%2E%2E/state/secret.json", "/photos/review/Coat/..%5C..%5Cstate%5Csecret.json",
                "/photos/review/Coat/a%00.jpg", "/photos/review/Coat/a%0A.jpg", "/photos//etc/passwd",
                "/photos/review/", "/photos/review/Coat/%252E%252E/x.jpg", "/photos/review/Coat/%C0%AE%C0%AE/x.jpg")) {
            java.net.http.HttpResponse<String> answer = http.send(java.net.http.HttpRequest.newBuilder(
                    URI.create(service.url() + target)).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as("%s: %s", target, answer.body()).isBetween(400, 404);
            assertThat(answer.body()).as(target).contains("\"reason\"").doesNotContain("{\"a\":1}");
        }
    }

    @Test
    void everyPhotoOfTheHostileCorpusGetsAThumbnailOrAReasonNeverAFiveHundred() throws Exception {
        List<Path> photos;
        try (Stream<Path> files = Files.walk(HOSTILE)) {
            photos = files.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".tsv")).sorted().toList();
        }
        assertThat(photos).hasSizeGreaterThan(30);
        Map<String, Integer> statuses = new LinkedHashMap<>();
        for (Path photo : photos) {
            String key = "review/Coat/" + photo.getParent().getFileName() + "-" + photo.getFileName();
            new Night(bucket, "x", NIGHT).write(key, Files.readAllBytes(photo));
            java.net.http.HttpResponse<byte[]> answer = http.send(java.net.http.HttpRequest.newBuilder(
                    URI.create(service.url() + Workspace.photoPath(key))).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            int status = answer.statusCode();
            statuses.put(key, status);
            assertThat(status).as(key).isIn(200, 413, 422);
            if (status == 200) {
                assertThat(answer.headers().firstValue("Content-Type")).as(key).contains("image/jpeg");
                java.awt.image.BufferedImage thumbnail = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(answer.body()));
                assertThat(Math.max(thumbnail.getWidth(), thumbnail.getHeight())).as(key).isLessThanOrEqualTo(320);
            } else {
                assertThat(new String(answer.body(), StandardCharsets.UTF_8)).as(key).contains("\"reason\"");
            }
        }
        assertThat(statuses.values()).contains(200, 422);
    }

    @Test
    void manyThumbnailsOfLargePhotosAtOnceAreMadeOrBusyNeverRefusedAsNoThumbnail() throws Exception {
        // A clerk opening the queue: the browser asks for many thumbnails of 12 MP phone photos at once.
        java.awt.image.BufferedImage large = new java.awt.image.BufferedImage(4032, 3024, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = large.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, 4032, 3024);
        g.setColor(java.awt.Color.DARK_GRAY);
        g.fillOval(1000, 600, 2000, 1800);
        g.dispose();
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        javax.imageio.ImageIO.write(large, "jpeg", jpeg);
        int photos = 12;
        for (int i = 0; i < photos; i++) {
            new Night(bucket, "x", NIGHT).write("review/Coat/large-" + i + ".jpg", jpeg.toByteArray());
        }
        ExecutorService pool = Executors.newFixedThreadPool(photos);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<java.net.http.HttpResponse<String>>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < photos; i++) {
                String key = "review/Coat/large-" + i + ".jpg";
                answers.add(pool.submit(() -> {
                    go.await();
                    return http.send(java.net.http.HttpRequest.newBuilder(URI.create(service.url() + Workspace.photoPath(key)))
                            .GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                }));
            }
            go.countDown();
            for (Future<java.net.http.HttpResponse<String>> answer : answers) {
                int status = answer.get().statusCode();
                assertThat(status).as(status == 200 ? "" : answer.get().body()).isIn(200, 503);
                if (status == 503) {
                    assertThat(answer.get().headers().firstValue("Retry-After")).isPresent();
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- decisions ----

    @Test
    void decidedByComesFromTheSignedInPersonNeverFromTheBody() {
        HttpResponse<String> answer = service.exchange(HttpRequest.POST("/review/decisions", Map.of(
                "object", "review/Coat/return_20261013_002.jpg", "decision", "approve",
                "decidedBy", "mallory@evil.example", "decidedAt", "2000-01-01T00:00:00Z", "state", "PENDING")));
        assertThat(answer.getStatus().getCode()).as(answer.body()).isEqualTo(200);
        assertThat(json(answer.body())).containsEntry("decidedBy", "anna@returns.example").containsEntry("state", "DONE");
        assertThat((String) json(answer.body()).get("decidedAt")).startsWith("2026-10-13T09");
    }

    @Test
    void decisionsOnUnknownCategoriesOrObjectsOutsideReviewAndRejectedAreRefused() {
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("review/Coat/return_20261013_002.jpg|correct|Pwned", "unknown-category");
        refused.put("review/Coat/return_20261013_002.jpg|correct|../state", "unknown-category");
        refused.put("processed/Coat/=HYPERLINK(\"http-evil\")~x.jpg|reject|", "not-in-review");
        refused.put("state/secret.json|reject|", "not-a-photo-folder");
        refused.put("reports/20261013_020000_abcdef/summary.json|reject|", "not-a-photo-folder");
        refused.put("review/Coat/../../state/secret.json|correct|Coat", "invalid-object");
        refused.put("review/return_20261013_002.jpg|approve|", "not-in-review");
        refused.put("review/Coat/return_20261013_002.jpg|delete|", "invalid-decision");
        for (Map.Entry<String, String> entry : refused.entrySet()) {
            String[] parts = entry.getKey().split("\\|", -1);
            Map<String, String> body = new LinkedHashMap<>();
            body.put("object", parts[0]);
            body.put("decision", parts[1]);
            if (!parts[2].isEmpty()) {
                body.put("category", parts[2]);
            }
            HttpResponse<String> answer = service.exchange(HttpRequest.POST("/review/decisions", body));
            assertThat(answer.getStatus().getCode()).as(entry.getKey()).isEqualTo(400);
            assertThat(json(answer.body())).as(entry.getKey()).containsEntry("reason", entry.getValue());
        }
        assertThat(Files.exists(bucket.resolve("state/secret.json"))).isTrue();
        assertThat(Night.copiesOf(bucket, "return_20261013_002.jpg")).containsExactly("review/Coat/return_20261013_002.jpg");
    }

    @Test
    void exportedCellsThatASpreadsheetWouldRunAsAFormulaAreText() {
        service.exchange(HttpRequest.POST("/review/decisions", Map.of("object", "review/Coat/return_20261013_002.jpg",
                "decision", "approve", "note", "=cmd|' /C calc'!A0")));
        String decisions = service.get("/decisions?format=csv&from=2026-10-01&to=2026-10-31").body();
        assertThat(decisions).contains("'=cmd|").doesNotContain(",=cmd", ",\"=cmd");
        String picklist = service.get("/picklists?date=2026-10-13&format=csv").body();
        assertThat(picklist).contains("'=HYPERLINK").doesNotContain(",=HYPERLINK", ",\"=HYPERLINK");
        for (String line : (decisions + picklist).split("\r\n")) {
            for (String cell : line.split(",")) {
                String bare = cell.startsWith("\"") ? cell.substring(1) : cell;
                assertThat(bare).as(line).doesNotStartWith("=").doesNotStartWith("+").doesNotStartWith("@");
            }
        }
    }

    // ---- dates, lookups, reflected text ----

    @Test
    void datesAtTheEdgesOfTimeAreFourHundredsAndLongRangesAreBounded() {
        for (String target : List.of("/picklists?date=%2B999999999-12-31", "/picklists?date=-999999999-01-01",
                "/picklists?date=%2B10000-01-01", "/decisions?to=-1000000000-01-01T00:00:00Z",
                "/decisions?from=%2B1000000000-12-31T23:59:59Z", "/decisions?to=%2B1000000000-12-31T23:59:59Z",
                "/decisions?from=-999999999-01-01T00:00:00Z", "/decisions?from=2026-02-30", "/decisions?from=0001-01-01")) {
            HttpResponse<String> answer = service.get(target);
            assertThat(answer.getStatus().getCode()).as("%s: %s", target, answer.body()).isEqualTo(400);
            assertThat(json(answer.body())).as(target).containsKey("reason");
        }
        HttpResponse<String> wide = service.get("/decisions?from=1970-01-02&to=9999-12-30");
        assertThat(wide.getStatus().getCode()).as(wide.body()).isEqualTo(200);
    }

    @Test
    void reflectedTextIsEscapedInEveryPage() {
        String script = "<script>alert(1)</script>";
        String encoded = java.net.URLEncoder.encode(script, StandardCharsets.UTF_8);
        for (String target : List.of("/returns?q=" + encoded, "/review?error=" + encoded, "/review?ok=" + encoded,
                "/review?tab=" + encoded, "/picklists?date=" + encoded, "/returns/" + encoded.replace("+", "%20"),
                "/returns/return_20261013_002" + encoded)) {
            HttpResponse<String> answer = service.exchange(HttpRequest.GET(target).accept(MediaType.TEXT_HTML_TYPE));
            assertThat(answer.getStatus().getCode()).as(target).isLessThan(500);
            String type = answer.getContentType().map(Object::toString).orElse("");
            assertThat(type).as(target).matches("(text/html|application/json).*");
            if (type.startsWith("text/html")) {
                assertThat(answer.body()).as(target).doesNotContain(script).doesNotContain("<script>alert");
            }
        }
        for (String id : List.of("return_20261013_002'--", "RET-2026101-001", "a".repeat(1000), "%00", "..%2F..%2Fstate")) {
            HttpResponse<String> answer = service.exchange(HttpRequest.GET("/returns/" + id).accept(MediaType.APPLICATION_JSON_TYPE));
            assertThat(answer.getStatus().getCode()).as(id).isIn(400, 404);
        }
    }

    // ---- helpers ----

    record Part(String name, byte[] bytes) {
    }

    private java.net.http.HttpResponse<String> upload(List<Part> parts, Map<String, String> headers) throws Exception {
        String boundary = "----attack" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Part part : parts) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\""
                    + part.name().replace("\"", "%22") + "\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.write(part.bytes());
            body.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(URI.create(service.url() + "/uploads"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Accept", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        headers.forEach(request::header);
        return http.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    private java.net.http.HttpResponse<String> postForm(String form, Map<String, String> headers) throws Exception {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(
                        URI.create(service.url() + "/review/decisions"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form));
        headers.forEach(request::header);
        return http.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> json(String body) {
        return service.read(body, Map.class);
    }
}
