package com.returnsorter.batch;

import com.returnsorter.batch.api.RunView;
import com.returnsorter.batch.support.BatchService;
import com.returnsorter.batch.support.Bucket;
import com.returnsorter.batch.support.PushSink;
import com.returnsorter.events.BatchTrigger;
import com.returnsorter.events.ItemStatus;
import com.returnsorter.events.RunIds;
import com.returnsorter.events.RunStatus;
import com.returnsorter.events.RunSummary;
import com.returnsorter.events.TriggerReason;
import com.returnsorter.reports.ItemResult;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** One nightly run through /push against the real predict function, and what the shift finds in the bucket after it. */
class NightlySortTest {

    private final Bucket bucket = Bucket.shared();
    private PushSink completed;
    private BatchService batch;
    private JsonMapper json;

    @BeforeEach
    void start() throws Exception {
        bucket.wipe();
        completed = new PushSink();
        batch = BatchService.start(Map.of("messaging.completed-push-url", completed.pushUrl().toString()));
        json = batch.context().getBean(JsonMapper.class);
    }

    @AfterEach
    void stop() {
        batch.close();
        completed.close();
    }

    private String runScheduled() {
        Instant published = Instant.parse("2026-11-22T02:00:00Z");
        String messageId = "msg-" + System.nanoTime();
        assertThat(batch.push(BatchTrigger.scheduled(published), messageId, published)).isEqualTo(200);
        return RunIds.of(published, messageId);
    }

    @Test
    void sortsSampleReturnsIntoCategoryAndReviewFoldersAndWritesTheReports() {
        List<String> photos = bucket.putSamples(40);

        String runId = runScheduled();

        bucket.assertEveryPhotoInExactlyOnePlace(new HashSet<>(photos));
        assertThat(bucket.keys("incoming/")).isEmpty();
        bucket.assertResultsAgreeWithBucket(runId, json);
        RunSummary summary = bucket.summary(runId, json);
        assertThat(summary.status()).isEqualTo(RunStatus.SUCCESS);
        assertThat(summary.totalProcessed()).isEqualTo(40);
        assertThat(summary.successful()).isEqualTo(40);
        assertThat(summary.successRate()).isEqualTo(100.0);
        assertThat(summary.categories().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(40);
        assertThat(summary.model().name()).isNotEqualTo("unknown");
        assertThat(summary.counts().reviewThreshold()).isEqualTo(0.70);
        for (ItemResult row : bucket.results(runId)) {
            assertThat(row.model()).as("the model named in items.jsonl").isEqualTo(summary.model());
            // A photo the profile is not sure about goes to review whatever its confidence, with that reason;
            // otherwise a low confidence is the reason.
            boolean unsure = row.reviewReason() != null && !row.reviewReason().equals(ItemResult.LOW_CONFIDENCE);
            if (unsure) {
                assertThat(row.reviewReason()).isIn("blank-frame", "several-objects", "object-too-small", "cut-off");
            } else {
                assertThat(row.reviewReason()).isEqualTo(row.confidence() < 0.70 ? ItemResult.LOW_CONFIDENCE : null);
            }
            String folder = unsure || row.confidence() < 0.70 ? "review/" : "processed/";
            assertThat(row.destination()).startsWith(folder + row.category().replace('/', '_') + "/");
        }
        // report.html from the pages templates: the run's banner and figures, with the stylesheet inlined.
        assertThat(bucket.root().resolve("reports/" + runId + "/report.html")).content(StandardCharsets.UTF_8)
                .startsWith("<!DOCTYPE html>").contains("<section class=\"banner success\"", runId,
                        "<div class=\"label\">Photos</div><div class=\"value\">40</div>", "<style>/* The one stylesheet");
        assertThat(completed.bodies()).hasSize(1);
        RunView view = batch.run(runId);
        assertThat(view.phase()).isEqualTo("finished");
        assertThat(view.summary()).isEqualTo(summary);
    }

    @Test
    void sendsAPhotoThePredictionIsNotSureAboutToReviewWithItsReason() {
        bucket.putSamples(2);
        bucket.put("incoming/blank.jpg", blankPhoto());

        String runId = runScheduled();

        Map<String, ItemResult> byName = bucket.results(runId).stream()
                .collect(Collectors.toMap(ItemResult::object, r -> r));
        ItemResult blank = byName.get("incoming/blank.jpg");
        assertThat(blank.status()).isEqualTo(ItemStatus.REVIEW);
        assertThat(blank.destination()).startsWith("review/" + blank.category().replace('/', '_') + "/");
        assertThat(blank.reviewReason()).isEqualTo("blank-frame");
        assertThat(bucket.keys("review/")).contains(blank.destination());
        bucket.assertResultsAgreeWithBucket(runId, json);
    }

    /** An off-white, unevenly lit background with nothing on it. */
    private static byte[] blankPhoto() {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(800, 600, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 600; y++) {
            for (int x = 0; x < 800; x++) {
                double r2 = ((x - 400.0) * (x - 400.0) + (y - 300.0) * (y - 300.0)) / (400.0 * 400.0 + 300.0 * 300.0);
                int v = (int) Math.round(230 * (1 - 0.3 * r2));
                image.setRGB(x, y, v << 16 | v << 8 | Math.max(0, v - 8));
            }
        }
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(image, "jpeg", out);
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void rejectsWhatIsNotAnImageAndSortsOddNamesSafely() {
        byte[] photo = bucket.sample(0);
        String ext = ".jpg";
        bucket.put("incoming/notes.txt", "not a photo".getBytes(StandardCharsets.UTF_8));
        bucket.put("incoming/empty.jpg", new byte[0]);
        bucket.put("incoming/huge.jpg", new byte[10 * 1024 * 1024 + 1]);
        bucket.put("incoming/with space" + ext, photo);
        bucket.put("incoming/ünïcödé 写真" + ext, photo);
        bucket.put("incoming/hash#tag" + ext, photo);
        bucket.put("incoming/what?" + ext, photo);
        bucket.put("incoming/dots..twice" + ext, photo);
        bucket.put("incoming/store-12/sub folder" + ext, photo);
        Set<String> names = Set.of("notes.txt", "empty.jpg", "huge.jpg", "with space.jpg", "ünïcödé 写真.jpg",
                "hash#tag.jpg", "what?.jpg", "dots..twice.jpg", "store-12/sub folder.jpg");

        String runId = runScheduled();

        bucket.assertEveryPhotoInExactlyOnePlace(names);
        bucket.assertResultsAgreeWithBucket(runId, json);
        Map<String, ItemResult> byName = bucket.results(runId).stream()
                .collect(Collectors.toMap(ItemResult::object, r -> r));
        assertThat(byName.get("incoming/notes.txt").status()).isEqualTo(ItemStatus.REJECTED);
        assertThat(byName.get("incoming/notes.txt").destination()).isEqualTo("rejected/notes.txt");
        assertThat(byName.get("incoming/notes.txt").error()).isEqualTo("not-an-image");
        assertThat(byName.get("incoming/empty.jpg").error()).isEqualTo("empty");
        assertThat(byName.get("incoming/huge.jpg").error()).isEqualTo("too-large");
        assertThat(byName.get("incoming/store-12/sub folder.jpg").destination())
                .matches("(processed|review)/[^/]+/store-12/sub folder\\.jpg");
        RunSummary summary = bucket.summary(runId, json);
        assertThat(summary.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(summary.rejected()).isEqualTo(3);
        assertThat(summary.errors()).extracting(RunSummary.ItemError::reason)
                .containsExactlyInAnyOrder("not-an-image", "empty", "too-large");
    }

    @Test
    void aSecondPhotoOfTheSameNameGetsASuffixInsteadOfOverwriting() {
        byte[] first = bucket.sample(3);
        bucket.put("incoming/dup.jpg", first);
        String firstRun = runScheduled();
        String destination = bucket.results(firstRun).get(0).destination();
        bucket.put("incoming/dup.jpg", first);

        Instant published = Instant.parse("2026-11-23T02:00:00Z");
        assertThat(batch.push(BatchTrigger.scheduled(published), "second-night", published)).isEqualTo(200);

        String second = bucket.results(RunIds.of(published, "second-night")).get(0).destination();
        assertThat(second).isEqualTo(destination.replace("dup.jpg", "dup~1.jpg"));
        assertThat(bucket.keys(destination.substring(0, destination.lastIndexOf('/') + 1))).contains(destination, second);
    }

    @Test
    void aKeyWithADotDotSegmentIsReportedAndLeftAloneNotMoved() {
        batch.close();
        batch = BatchService.start(Map.of("messaging.completed-push-url", completed.pushUrl().toString(),
                "test.faulty-store", "true"));
        ((com.returnsorter.batch.support.FaultyObjectStore) batch.store()).listPhantom("incoming/../escape.jpg");
        bucket.putSamples(2);

        String runId = runScheduled();

        Map<String, ItemResult> byObject = bucket.results(runId).stream()
                .collect(Collectors.toMap(ItemResult::object, r -> r));
        assertThat(byObject.get("incoming/../escape.jpg").status()).isEqualTo(ItemStatus.ERROR);
        assertThat(byObject.get("incoming/../escape.jpg").error()).isEqualTo("unsafe-object-key");
        assertThat(byObject).hasSize(3);
        assertThat(bucket.keys("processed/").size() + bucket.keys("review/").size()).isEqualTo(2);
        assertThat(bucket.keys("rejected/")).isEmpty();
    }

    @Test
    void anEmptyIncomingFolderFinishesWithEmptyReports() {
        String runId = runScheduled();

        RunSummary summary = bucket.summary(runId, json);
        assertThat(summary.status()).isEqualTo(RunStatus.SUCCESS);
        assertThat(summary.totalProcessed()).isZero();
        assertThat(bucket.results(runId)).isEmpty();
        assertThat(completed.bodies()).hasSize(1);
    }

    @Test
    void aDryRunClassifiesAndReportsButMovesNothing() {
        List<String> photos = bucket.putSamples(5);
        Instant published = Instant.now();

        assertThat(batch.push(new BatchTrigger(TriggerReason.MANUAL, published, null, true, null), "dry", published))
                .isEqualTo(200);

        assertThat(bucket.keys("incoming/")).hasSize(photos.size());
        RunSummary summary = bucket.summary(RunIds.of(published, "dry"), json);
        assertThat(summary.dryRun()).isTrue();
        assertThat(summary.totalProcessed()).isEqualTo(5);
    }

    @Test
    void maxItemsLeavesTheRestForTheNextRun() {
        bucket.putSamples(12);
        Instant published = Instant.now();

        assertThat(batch.push(new BatchTrigger(TriggerReason.MANUAL, published, 5, null, null), "limited", published))
                .isEqualTo(200);

        assertThat(bucket.summary(RunIds.of(published, "limited"), json).totalProcessed()).isEqualTo(5);
        assertThat(bucket.keys("incoming/")).hasSize(7);
    }

    @Test
    void aMalformedPushEnvelopeIsA400WithAJsonReason() {
        HttpResponse<String> response = batch.exchange(HttpRequest.POST("/push", "{\"message\": {}}")
                .contentType(MediaType.APPLICATION_JSON_TYPE));

        assertThat(response.getStatus().getCode()).isEqualTo(400);
        assertThat(response.getBody(String.class).orElseThrow()).contains("\"status\":400").contains("\"reason\"");
    }

    @Test
    void aPushForAnUnknownSubscriptionIsA404WithAJsonReason() {
        Map<String, Object> envelope = Map.of("subscription", "projects/" + BatchService.PROJECT + "/subscriptions/nope",
                "message", Map.of("data", "e30=", "messageId", "x-1", "publishTime", Instant.now().toString()));

        HttpResponse<String> response = batch.exchange(HttpRequest.POST("/push", envelope));

        assertThat(response.getStatus().getCode()).isEqualTo(404);
        assertThat(response.getBody(String.class).orElseThrow()).contains("\"reason\":\"unknown-subscription\"");
    }

    @Test
    void aTriggerThatIsNotABatchTriggerIsAcknowledgedAndStartsNothing() {
        bucket.putSamples(2);
        Map<String, Object> envelope = Map.of("subscription", "projects/" + BatchService.PROJECT + "/subscriptions/batch-trigger",
                "message", Map.of("data", java.util.Base64.getEncoder().encodeToString("{\"reason\":\"whenever\"}"
                                .getBytes(StandardCharsets.UTF_8)), "messageId", "bad-1",
                        "publishTime", Instant.now().toString()));

        assertThat(batch.post("/push", envelope)).isEqualTo(200);

        assertThat(bucket.keys("incoming/")).hasSize(2);
        assertThat(bucket.keys("reports/")).isEmpty();
    }
}
