package com.returnsorter.report.workspace;

import com.returnsorter.report.photos.Thumbnails;
import com.returnsorter.report.support.Night;
import com.returnsorter.report.support.ReportService;
import com.returnsorter.report.support.TestClock;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.multipart.MultipartBody;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workspace's pages and APIs over HTTP: review queue, thumbnails, pick lists, return lookup, upload.
 * (The browser test drives the same pages in Chromium.)
 */
class WorkspacePagesTest {

    static final Instant NIGHT = Instant.parse("2026-10-13T02:00:00Z");

    @TempDir
    Path folder;

    TestClock clock = new TestClock(NIGHT.plusSeconds(7 * 3600));
    ReportService service;
    Path bucket;

    @BeforeEach
    void start() throws Exception {
        bucket = Files.createDirectories(folder.resolve("bucket"));
        service = ReportService.start(bucket, clock, Map.of("iap.local-user", "anna@returns.example",
                "warehouse.locations", "Coat=Section B, Aisle 2;Shirt=Section A, Aisle 4"));
        new Night(bucket, "20261012_020000_older", NIGHT.minusSeconds(86_400))
                .review("return_20261012_009.jpg", "Shirt", 0.48, "Pullover")
                .record(service.history());
        new Night(bucket, "20261013_020000_abcdef", NIGHT)
                .sorted("return_20261013_001.jpg", "Coat", 0.93)
                .review("return_20261013_002.jpg", "Coat", 0.52, "Pullover")
                .rejected("return_20261013_005.jpg")
                .record(service.history());
        new Night(bucket, "x", NIGHT).write("incoming/return_20261013_007.jpg", Night.jpeg(7));
    }

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void theReviewQueueShowsTheOldestRunFirstWithPredictionRunnersUpAndForms() {
        HttpResponse<String> page = service.get("/review");

        assertThat(page.getStatus().getCode()).isEqualTo(200);
        assertThat(page.getContentType().map(Object::toString).orElse("")).startsWith("text/html");
        String html = page.body();
        assertThat(html).startsWith("<!DOCTYPE html>").contains("aria-current=\"page\"", "Review · Return Sorter",
                "return_20261012_009.jpg", "return_20261013_002.jpg", "Pullover", "48%", "52%",
                "20261012_020000_older", "/photos/review/Coat/return_20261013_002.jpg",
                "name=\"decision\" value=\"approve\"", "name=\"decision\" value=\"reject\"", "/assets/review.js");
        assertThat(html.indexOf("return_20261012_009.jpg")).isLessThan(html.indexOf("return_20261013_002.jpg"));
        assertThat(html).doesNotContain("return_20261013_001.jpg", "return_20261013_005.jpg");

        String rejected = service.get("/review?tab=rejected").body();
        assertThat(rejected).contains("return_20261013_005.jpg", "no known image signature")
                .doesNotContain("return_20261013_002.jpg", "value=\"approve\"");
        assertThat(service.get("/assets/review.js").body()).contains("keydown");
    }

    @Test
    void aThumbnailIsASmallJpegMadeFromThePhotoNeverTheOriginal() throws Exception {
        HttpResponse<byte[]> answer = service.exchangeBytes(HttpRequest.GET("/photos/review/Coat/return_20261013_002.jpg"));

        assertThat(answer.getStatus().getCode()).isEqualTo(200);
        assertThat(answer.getContentType()).contains(MediaType.IMAGE_JPEG_TYPE);
        byte[] original = Files.readAllBytes(bucket.resolve("review/Coat/return_20261013_002.jpg"));
        assertThat(answer.body()).isNotEqualTo(original);
        BufferedImage thumbnail = ImageIO.read(new ByteArrayInputStream(answer.body()));
        assertThat(thumbnail.getWidth()).isEqualTo(320);
        assertThat(thumbnail.getHeight()).isEqualTo(240);
        assertThat(service.context().getBean(Thumbnails.class).cachedBytes()).isGreaterThan(0);
    }

    @Test
    void thumbnailsAreRefusedOutsideThePhotoFoldersAndExplainedWhenThereIsNone() {
        assertThat(error(service.get("/photos/reports/20261013_020000_abcdef/summary.json")))
                .containsEntry("reason", "not-a-photo-folder");
        assertThat(error(service.get("/photos/review/Coat/nothing.jpg"))).containsEntry("reason", "no-such-photo");
        assertThat(error(service.get("/photos/rejected/return_20261013_005.jpg"))).containsEntry("reason", "no-thumbnail");
        assertThat(service.get("/photos/review/%2E%2E/state/x.json").getStatus().getCode()).isBetween(400, 404);
        // A PNG whose header declares 60000 x 60000 pixels is refused from its header, before any pixel is allocated.
        java.nio.ByteBuffer png = java.nio.ByteBuffer.allocate(33);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R'});
        png.putInt(60_000).putInt(60_000).put(new byte[] {8, 6, 0, 0, 0}).putInt(0);
        new Night(bucket, "x", NIGHT).write("review/Coat/bomb.png", png.array());
        Map<String, Object> bomb = error(service.get("/photos/review/Coat/bomb.png"));
        assertThat(bomb).containsEntry("reason", "no-thumbnail").containsEntry("status", 422);
    }

    @Test
    void thePickListShowsTodaysItemsPerCategoryWithTheirLocationAndExportsCsv() throws Exception {
        service.exchange(HttpRequest.POST("/review/decisions", Map.of("object", "review/Coat/return_20261013_002.jpg",
                "decision", "correct", "category", "Shirt")));

        String html = service.get("/picklists?date=2026-10-13").body();
        assertThat(html).contains("Pick lists · Tue 13 Oct 2026", "Section B, Aisle 2", "Section A, Aisle 4",
                "return_20261013_001", "return_20261013_002", "auto-classified", "corrected by anna@returns.example",
                "aria-current=\"page\"", "@media print");

        HttpResponse<String> csv = service.get("/picklists?date=2026-10-13&format=csv");
        List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv.body())).getRecords();
        assertThat(rows).extracting(r -> r.get("return id"), r -> r.get("category"), r -> r.get("category code"),
                r -> r.get("classified"), r -> r.get("location")).containsExactly(
                // Categories in the model's order (Coat is label 4, Shirt label 6).
                org.assertj.core.groups.Tuple.tuple("return_20261013_001", "Coat", "4", "auto-classified", "Section B, Aisle 2"),
                org.assertj.core.groups.Tuple.tuple("return_20261013_002", "Shirt", "6", "corrected by anna@returns.example",
                        "Section A, Aisle 4"));
        assertThat(service.get("/picklists?date=13.10.2026").getStatus().getCode()).isEqualTo(400);
    }

    @Test
    void aReturnIsFoundByEitherSpellingAsHtmlOrJson() {
        HttpResponse<String> json = service.exchange(HttpRequest.GET("/returns/RET-20261013-001")
                .accept(MediaType.APPLICATION_JSON_TYPE));
        assertThat(error(json)).containsEntry("status", "sorted").containsEntry("object", "processed/Coat/return_20261013_001.jpg")
                .containsEntry("category", "Coat").containsEntry("location", "Section B, Aisle 2")
                .containsEntry("runId", "20261013_020000_abcdef").containsEntry("present", true);

        assertThat(error(service.exchange(HttpRequest.GET("/returns/return_20261013_002").accept(MediaType.APPLICATION_JSON_TYPE))))
                .containsEntry("status", "awaiting review");
        assertThat(error(service.exchange(HttpRequest.GET("/returns/return_20261013_005").accept(MediaType.APPLICATION_JSON_TYPE))))
                .containsEntry("status", "rejected");
        assertThat(error(service.exchange(HttpRequest.GET("/returns/ret-20261013-007").accept(MediaType.APPLICATION_JSON_TYPE))))
                .containsEntry("status", "not yet processed").containsEntry("object", "incoming/return_20261013_007.jpg");
        assertThat(error(service.exchange(HttpRequest.GET("/returns/RET-20261013-404").accept(MediaType.APPLICATION_JSON_TYPE))))
                .containsEntry("reason", "no-such-return");

        String html = service.exchange(HttpRequest.GET("/returns/RET-20261013-001").accept(MediaType.TEXT_HTML_TYPE)).body();
        assertThat(html).contains("Return RET-20261013-001", "sorted", "processed/Coat/return_20261013_001.jpg",
                "Section B, Aisle 2", "value=\"RET-20261013-001\"");
        assertThat(service.exchange(HttpRequest.GET("/returns?q=nonsense").accept(MediaType.TEXT_HTML_TYPE)).body())
                .contains("is not a return id");
    }

    @Test
    void uploadsKeepTheNameAddASuffixOnAClashAndRefuseHeicWithHowToChangeTheCamera() throws Exception {
        byte[] existing = Files.readAllBytes(bucket.resolve("incoming/return_20261013_007.jpg"));
        MultipartBody body = MultipartBody.builder()
                .addPart("files", "return_20261013_007.jpg", MediaType.IMAGE_JPEG_TYPE, Night.jpeg(70))
                .addPart("files", "return_20261013_008.jpg", MediaType.IMAGE_JPEG_TYPE, Night.jpeg(80))
                .build();
        HttpResponse<String> answer = service.exchange(HttpRequest.POST("/uploads", body)
                .contentType(MediaType.MULTIPART_FORM_DATA_TYPE).accept(MediaType.APPLICATION_JSON_TYPE));

        assertThat(answer.getStatus().getCode()).as(answer.body()).isEqualTo(200);
        assertThat(error(answer)).containsEntry("stored", 2).containsEntry("refused", 0);
        assertThat(Files.readAllBytes(bucket.resolve("incoming/return_20261013_007.jpg"))).isEqualTo(existing);
        assertThat(Files.readAllBytes(bucket.resolve("incoming/return_20261013_007~1.jpg"))).isEqualTo(Night.jpeg(70));
        assertThat(Files.readAllBytes(bucket.resolve("incoming/return_20261013_008.jpg"))).isEqualTo(Night.jpeg(80));

        byte[] heic = new byte[64];
        System.arraycopy(new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c'}, 0, heic, 0, 12);
        HttpResponse<String> refused = service.exchange(HttpRequest.POST("/uploads", MultipartBody.builder()
                        .addPart("files", "IMG_0001.jpg", MediaType.IMAGE_JPEG_TYPE, heic).build())
                .contentType(MediaType.MULTIPART_FORM_DATA_TYPE).accept(MediaType.APPLICATION_JSON_TYPE));
        assertThat(refused.getStatus().getCode()).isEqualTo(415);
        assertThat(error(refused)).containsEntry("reason", "heic-not-supported");
        assertThat((String) error(refused).get("error")).contains("Settings > Camera > Formats", "Most Compatible");
        assertThat(bucket.resolve("incoming/IMG_0001.jpg")).doesNotExist();

        // The form without JavaScript: the page comes back listing each file.
        HttpResponse<String> html = service.exchange(HttpRequest.POST("/uploads", MultipartBody.builder()
                        .addPart("files", "return_20261013_008.jpg", MediaType.IMAGE_JPEG_TYPE, Night.jpeg(81))
                        .addPart("files", "IMG_0002.HEIC", MediaType.of("image/heic"), heic).build())
                .contentType(MediaType.MULTIPART_FORM_DATA_TYPE).accept(MediaType.TEXT_HTML_TYPE));
        assertThat(html.getStatus().getCode()).isEqualTo(200);
        assertThat(html.body()).contains("stored as incoming/return_20261013_008~1.jpg (the name was taken)",
                "IMG_0002.HEIC: this is a HEIC photo");

        String page = service.get("/upload").body();
        assertThat(page).contains("accept=\"image/jpeg,image/png,image/webp\"", "multiple", "enctype=\"multipart/form-data\"",
                "/assets/upload.js", "connect-src &#39;self&#39;");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> error(HttpResponse<String> answer) {
        return service.read(answer.body(), Map.class);
    }
}
