package com.returnsorter.report.workspace;

import com.returnsorter.report.decisions.DecisionStore;
import com.returnsorter.report.support.Night;
import com.returnsorter.report.support.ReportService;
import com.returnsorter.report.support.TestClock;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /review/decisions} and {@code GET /decisions} over real HTTP against the service as
 * deployed locally: the local-directory bucket, SQLite history, the configured local user.
 */
class DecisionsApiTest {

    static final Instant NIGHT = Instant.parse("2026-10-13T02:00:00Z");
    static final String RUN = "20261013_020000_abcdef";

    @TempDir
    Path folder;

    TestClock clock = new TestClock(NIGHT.plusSeconds(7 * 3600));
    ReportService service;
    Path bucket;

    @BeforeEach
    void start() throws Exception {
        bucket = Files.createDirectories(folder.resolve("bucket"));
        service = ReportService.start(bucket, clock, Map.of("iap.local-user", "anna@returns.example"));
        new Night(bucket, RUN, NIGHT)
                .sorted("return_20261013_001.jpg", "Coat", 0.93)
                .review("return_20261013_002.jpg", "Coat", 0.52, "Pullover")
                .review("return_20261013_003.jpg", "Shirt", 0.44, "T-shirt/top")
                .review("return_20261013_004.jpg", "Bag", 0.61, "Sandal")
                .rejected("return_20261013_005.jpg")
                .record(service.history());
    }

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void approvingMovesThePhotoToItsCategoryAndRecordsWhoAndWhatTheModelSaid() {
        HttpResponse<String> answer = decide("review/Coat/return_20261013_002.jpg", "approve", null);

        assertThat(answer.getStatus().getCode()).isEqualTo(200);
        Map<String, Object> record = json(answer.body());
        assertThat(record).containsEntry("destination", "processed/Coat/return_20261013_002.jpg")
                .containsEntry("decision", "approve").containsEntry("finalCategory", "Coat")
                .containsEntry("modelCategory", "Coat").containsEntry("modelConfidence", 0.52)
                .containsEntry("decidedBy", "anna@returns.example").containsEntry("runId", RUN)
                .containsEntry("state", "DONE");
        assertThat(Night.copiesOf(bucket, "return_20261013_002.jpg"))
                .containsExactly("processed/Coat/return_20261013_002.jpg");
    }

    @Test
    void correctingFilesThePhotoUnderThePersonsCategoryAndRejectingPutsItInRejected() {
        assertThat(decide("review/Shirt/return_20261013_003.jpg", "correct", "T-shirt/top").getStatus().getCode())
                .isEqualTo(200);
        clock.advance(java.time.Duration.ofMinutes(1));
        assertThat(decide("review/Bag/return_20261013_004.jpg", "reject", null).getStatus().getCode()).isEqualTo(200);

        assertThat(Night.copiesOf(bucket, "return_20261013_003.jpg"))
                .containsExactly("processed/T-shirt_top/return_20261013_003.jpg");
        assertThat(Night.copiesOf(bucket, "return_20261013_004.jpg")).containsExactly("rejected/return_20261013_004.jpg");

        List<Map<String, Object>> decisions = exported("json");
        assertThat(decisions).extracting(d -> d.get("object"), d -> d.get("modelCategory"), d -> d.get("finalCategory"),
                        d -> d.get("decision"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("review/Shirt/return_20261013_003.jpg", "Shirt", "T-shirt/top", "correct"),
                        org.assertj.core.groups.Tuple.tuple("review/Bag/return_20261013_004.jpg", "Bag", null, "reject"));
    }

    @Test
    void theSameDecisionTwiceAnswersTheSameAndChangesNothing() {
        HttpResponse<String> first = decide("review/Coat/return_20261013_002.jpg", "correct", "Pullover");
        clock.advance(java.time.Duration.ofMinutes(5));
        HttpResponse<String> second = decide("review/Coat/return_20261013_002.jpg", "correct", "Pullover");

        assertThat(second.getStatus().getCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(Night.copiesOf(bucket, "return_20261013_002.jpg"))
                .containsExactly("processed/Pullover/return_20261013_002.jpg");
        assertThat(exported("json")).hasSize(1);
    }

    @Test
    void anotherDecisionOnAPhotoAlreadyDecidedIsAConflictThatSaysWhoDecidedWhat() {
        decide("review/Coat/return_20261013_002.jpg", "approve", null);

        HttpResponse<String> late = decide("review/Coat/return_20261013_002.jpg", "reject", null);

        assertThat(late.getStatus().getCode()).isEqualTo(409);
        Map<String, Object> error = json(late.body());
        assertThat(error.get("reason")).isEqualTo("already-decided");
        assertThat((String) error.get("error")).contains("anna@returns.example", "approved it as Coat",
                "processed/Coat/return_20261013_002.jpg");
        assertThat(Night.copiesOf(bucket, "return_20261013_002.jpg"))
                .containsExactly("processed/Coat/return_20261013_002.jpg");
    }

    @Test
    void aPhotoThatMovedMeanwhileIsAConflictAndNothingIsRecorded() throws Exception {
        Files.move(bucket.resolve("review/Shirt/return_20261013_003.jpg"),
                Files.createDirectories(bucket.resolve("processed/Shirt")).resolve("return_20261013_003.jpg"));

        HttpResponse<String> answer = decide("review/Shirt/return_20261013_003.jpg", "approve", null);

        assertThat(answer.getStatus().getCode()).isEqualTo(409);
        assertThat(service.read(answer.body(), Map.class).get("reason")).isEqualTo("photo-moved");
        assertThat(exported("json")).isEmpty();
    }

    @Test
    void aPhotoReplacedSinceThePageShowedItIsAConflict() throws Exception {
        HttpResponse<String> answer = service.exchange(HttpRequest.POST("/review/decisions",
                Map.of("object", "review/Bag/return_20261013_004.jpg", "decision", "approve", "generation", 12345L)));

        assertThat(answer.getStatus().getCode()).isEqualTo(409);
        assertThat(service.read(answer.body(), Map.class).get("reason")).isEqualTo("photo-changed");
        assertThat(Night.copiesOf(bucket, "return_20261013_004.jpg")).containsExactly("review/Bag/return_20261013_004.jpg");
    }

    @Test
    void aNameTakenInTheCategoryGetsASuffixAndNothingIsOverwritten() throws Exception {
        byte[] other = Night.jpeg(99);
        new Night(bucket, RUN, NIGHT).write("processed/Coat/return_20261013_002.jpg", other);
        byte[] reviewed = Files.readAllBytes(bucket.resolve("review/Coat/return_20261013_002.jpg"));

        HttpResponse<String> answer = decide("review/Coat/return_20261013_002.jpg", "approve", null);

        assertThat(service.read(answer.body(), Map.class).get("destination"))
                .isEqualTo("processed/Coat/return_20261013_002~1.jpg");
        assertThat(Files.readAllBytes(bucket.resolve("processed/Coat/return_20261013_002.jpg"))).isEqualTo(other);
        assertThat(Files.readAllBytes(bucket.resolve("processed/Coat/return_20261013_002~1.jpg"))).isEqualTo(reviewed);
    }

    @Test
    void twoPeopleDecidingAtOnceOneWinsTheOtherGetsAConflictAndEachPhotoIsInExactlyOnePlace() throws Exception {
        int photos = 24;
        Night night = new Night(bucket, "20261013_020000_second", NIGHT);
        for (int i = 0; i < photos; i++) {
            night.review(String.format("race_%02d.jpg", i), "Dress", 0.5, "Coat");
        }
        night.record(service.history());

        ExecutorService pool = Executors.newFixedThreadPool(2 * photos);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> approvals = new ArrayList<>();
            List<Future<Integer>> rejections = new ArrayList<>();
            for (int i = 0; i < photos; i++) {
                String key = String.format("review/Dress/race_%02d.jpg", i);
                approvals.add(pool.submit(() -> {
                    go.await();
                    return decide(key, "approve", null).getStatus().getCode();
                }));
                rejections.add(pool.submit(() -> {
                    go.await();
                    return decide(key, "reject", null).getStatus().getCode();
                }));
            }
            go.countDown();
            for (int i = 0; i < photos; i++) {
                String name = String.format("race_%02d.jpg", i);
                List<Integer> answers = List.of(approvals.get(i).get(), rejections.get(i).get());
                assertThat(answers).as(name).containsExactlyInAnyOrder(200, 409);
                String expected = answers.get(0) == 200 ? "processed/Dress/" + name : "rejected/" + name;
                assertThat(Night.copiesOf(bucket, name)).as(name).containsExactly(expected);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(exported("json")).hasSize(photos);
    }

    @Test
    void theExportIsCsvWithOneRowPerDecision() throws Exception {
        decide("review/Coat/return_20261013_002.jpg", "approve", null);
        clock.advance(java.time.Duration.ofMinutes(1));
        HttpResponse<String> noted = service.exchange(HttpRequest.POST("/review/decisions", Map.of(
                "object", "review/Shirt/return_20261013_003.jpg", "decision", "correct", "category", "Dress",
                "note", "=HYPERLINK(\"http://x\")")));
        assertThat(noted.getStatus().getCode()).isEqualTo(200);

        HttpResponse<String> csv = service.get("/decisions?from=2026-10-13&to=2026-10-13&format=csv");

        assertThat(csv.getStatus().getCode()).isEqualTo(200);
        assertThat(csv.getContentType().map(Object::toString).orElse("")).startsWith("text/csv");
        List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv.body())).getRecords();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).toMap()).containsEntry("object", "review/Coat/return_20261013_002.jpg")
                .containsEntry("modelCategory", "Coat").containsEntry("modelConfidence", "0.52")
                .containsEntry("finalCategory", "Coat").containsEntry("decision", "approve")
                .containsEntry("decidedBy", "anna@returns.example").containsEntry("decidedAt", "2026-10-13T09:00:00Z");
        assertThat(rows.get(1).get("finalCategory")).isEqualTo("Dress");
        // A note a spreadsheet would run as a formula arrives as text.
        assertThat(rows.get(1).get("note")).isEqualTo("'=HYPERLINK(\"http://x\")");
        assertThat(service.get("/decisions?from=2026-10-14&format=csv").body().lines()).hasSize(1);
    }

    @Test
    void aFormPostFromThePageIsSentBackToTheQueueWithWhatHappened() throws Exception {
        java.net.http.HttpResponse<String> answer = postForm("object=review%2FCoat%2Freturn_20261013_002.jpg&decision=approve");

        assertThat(answer.statusCode()).isEqualTo(303);
        assertThat(answer.headers().firstValue("Location").orElseThrow()).startsWith("/review?ok=")
                .contains("processed%2FCoat%2Freturn_20261013_002.jpg");
        assertThat(Night.copiesOf(bucket, "return_20261013_002.jpg"))
                .containsExactly("processed/Coat/return_20261013_002.jpg");

        java.net.http.HttpResponse<String> again = postForm("object=review%2FCoat%2Freturn_20261013_002.jpg&decision=reject");
        assertThat(again.statusCode()).isEqualTo(303);
        assertThat(again.headers().firstValue("Location").orElseThrow()).startsWith("/review?error=")
                .contains("already+approved+it+as+Coat");
    }

    @Test
    void aFormSentFromAnotherSiteIsRefusedAndNothingMoves() throws Exception {
        java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(service.url() + "/review/decisions"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Sec-Fetch-Site", "cross-site")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                "object=review%2FCoat%2Freturn_20261013_002.jpg&decision=reject")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.body()).contains("\"reason\":\"cross-site\"");
        assertThat(Night.copiesOf(bucket, "return_20261013_002.jpg")).containsExactly("review/Coat/return_20261013_002.jpg");
    }

    private java.net.http.HttpResponse<String> postForm(String form) throws Exception {
        // java.net.http does not follow redirects unless asked: the 303 itself is what the browser gets.
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create(service.url() + "/review/decisions"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void requestsThatMakeNoSenseAreRefusedWithAReason() {
        assertThat(reason(decide("review/Coat/return_20261013_002.jpg", "maybe", null))).isEqualTo("invalid-decision");
        assertThat(reason(decide("review/Coat/return_20261013_002.jpg", "correct", null))).isEqualTo("missing-category");
        assertThat(reason(decide("review/Coat/return_20261013_002.jpg", "correct", "Hat"))).isEqualTo("unknown-category");
        assertThat(reason(decide("processed/Coat/return_20261013_001.jpg", "reject", null))).isEqualTo("not-in-review");
        assertThat(reason(decide("review/../state/x.json", "reject", null))).isEqualTo("invalid-object");
        assertThat(reason(decide("reports/x/items.jsonl", "reject", null))).isEqualTo("not-a-photo-folder");
        assertThat(reason(decide("rejected/return_20261013_005.jpg", "approve", null))).isEqualTo("already-rejected");
        assertThat(reason(service.get("/decisions?from=yesterday"))).isEqualTo("invalid-from");
        assertThat(reason(service.get("/decisions?format=xml"))).isEqualTo("invalid-format");
        assertThat(Night.copiesOf(bucket, "return_20261013_002.jpg")).containsExactly("review/Coat/return_20261013_002.jpg");
    }

    @Test
    void aRejectedPhotoCanBeFiledUnderACategory() {
        HttpResponse<String> answer = decide("rejected/return_20261013_005.jpg", "correct", "Bag");

        assertThat(answer.getStatus().getCode()).isEqualTo(200);
        assertThat(Night.copiesOf(bucket, "return_20261013_005.jpg")).containsExactly("processed/Bag/return_20261013_005.jpg");
        assertThat(service.context().getBean(DecisionStore.class).onObject("rejected/return_20261013_005.jpg"))
                .singleElement().satisfies(d -> assertThat(d.modelCategory()).isNull());
    }

    private HttpResponse<String> decide(String object, String decision, String category) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("object", object);
        body.put("decision", decision);
        if (category != null) {
            body.put("category", category);
        }
        return service.exchange(HttpRequest.POST("/review/decisions", body));
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> exported(String format) {
        HttpResponse<String> answer = service.get("/decisions?format=" + format);
        assertThat(answer.getStatus().getCode()).isEqualTo(200);
        return (List<Map<String, Object>>) service.read(answer.body(), Map.class).get("decisions");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> json(String body) {
        return service.read(body, Map.class);
    }

    private String reason(HttpResponse<String> answer) {
        assertThat(answer.getStatus().getCode()).as(answer.body()).isBetween(400, 499);
        return (String) service.read(answer.body(), Map.class).get("reason");
    }
}
