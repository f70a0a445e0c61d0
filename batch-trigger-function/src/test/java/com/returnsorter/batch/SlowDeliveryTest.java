package com.returnsorter.batch;

import com.returnsorter.batch.api.RunView;
import com.returnsorter.batch.support.BatchService;
import com.returnsorter.batch.support.Bucket;
import com.returnsorter.batch.support.FaultyObjectStore;
import com.returnsorter.batch.support.ManualClock;
import com.returnsorter.batch.support.PushSink;
import com.returnsorter.batch.support.StubPredict;
import com.returnsorter.events.BatchTrigger;
import com.returnsorter.events.ItemStatus;
import com.returnsorter.events.RunIds;
import com.returnsorter.reports.ItemResult;
import com.returnsorter.testing.LogCapture;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A delivery that is slow, not dead (issue 16, fenced ownership): it stalls past its lease inside a
 * chunk, in the predict call or between copying a photo and deleting its source, while a redelivery
 * or the next run takes over. Time passes on a {@link ManualClock} (40 s of it without waiting), the
 * stall is a latch in a real HTTP predict stub or in the store. Afterwards every photo is in exactly
 * one place and once in the results, and the stalled delivery touched nothing after it lost the run.
 */
class SlowDeliveryTest {

    private static final Duration STALL = Duration.ofSeconds(40);
    private static final Instant NIGHT = Instant.parse("2026-11-22T02:00:00Z");

    @TempDir
    Path root;

    private Bucket bucket;
    private StubPredict predict;
    private PushSink completed;
    private LogCapture log;
    private final List<BatchService> services = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        ManualClock.shared().reset();
        bucket = new Bucket(root);
        predict = new StubPredict(root);
        completed = new PushSink();
        log = LogCapture.of("com.returnsorter.batch");
    }

    @AfterEach
    void stop() {
        predict.release();
        services.forEach(BatchService::close);
        predict.close();
        completed.close();
        log.close();
        ManualClock.shared().reset();
    }

    /** A batch instance on the shared bucket and clock: lease 10 s + 4 s, so 40 s of stalling outlive it. */
    private BatchService batch(Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("test.clock", "manual");
        properties.put("messaging.completed-push-url", completed.pushUrl().toString());
        properties.put("batch.time-budget", "10s");
        properties.put("batch.lease-margin", "4s");
        properties.putAll(extra);
        BatchService service = BatchService.start(properties, root, predict.url());
        services.add(service);
        return service;
    }

    private JsonMapper json() {
        return services.get(0).context().getBean(JsonMapper.class);
    }

    private static CompletableFuture<Integer> deliver(BatchService batch, Instant night, String messageId) {
        return CompletableFuture.supplyAsync(() -> batch.push(BatchTrigger.scheduled(night), messageId, night));
    }

    @Test
    void aDeliveryStalledInPredictIsOvertakenByARedeliveryAndTouchesNothingAfterwards() throws Exception {
        Set<String> photos = new HashSet<>(bucket.putSamples(12));
        BatchService first = batch(Map.of("batch.concurrency", "2", "batch.chunk-size", "4"));
        BatchService second = batch(Map.of("batch.concurrency", "2", "batch.chunk-size", "4"));
        String runId = RunIds.of(NIGHT, "night-1");
        predict.holdNext(2); // both workers of the first delivery wait for their answers: no renewal either

        CompletableFuture<Integer> slow = deliver(first, NIGHT, "night-1");
        predict.awaitHeld(2);
        ManualClock.shared().advance(STALL);
        int redelivered = second.push(BatchTrigger.scheduled(NIGHT), "night-1", NIGHT);
        predict.release(); // the slow delivery gets valid answers for photos that are gone meanwhile

        int slowStatus = slow.get(60, TimeUnit.SECONDS);
        bucket.assertEveryPhotoInExactlyOnePlace(photos);
        assertOnceInTheResults(photos, runId);
        bucket.assertResultsAgreeWithBucket(runId, json());
        assertThat(bucket.keys("processed/")).hasSize(12).noneMatch(key -> key.contains("~"));
        assertThat(bucket.keys("state/claims/")).isEmpty();
        assertThat(second.run(runId).timeline()).anyMatch(line -> line.contains("taken over"));
        assertThat(log.messages(ch.qos.logback.classic.Level.WARN))
                .anyMatch(line -> line.contains("is no longer held by this delivery"));
        assertThat(completed.bodies()).hasSize(1);
        assertThat(redelivered).isEqualTo(200);
        assertThat(slowStatus).as("acknowledged: the run is in other hands").isEqualTo(200);
    }

    @Test
    void aMoveStalledBetweenCopyAndDeleteIsCompletedByTheRedeliveryNotUndone() throws Exception {
        Set<String> photos = new HashSet<>(bucket.putSamples(8));
        BatchService first = batch(Map.of("test.faulty-store", "true", "batch.concurrency", "1", "batch.chunk-size", "4"));
        BatchService second = batch(Map.of("batch.concurrency", "2", "batch.chunk-size", "4"));
        FaultyObjectStore store = (FaultyObjectStore) first.store();
        String runId = RunIds.of(NIGHT, "night-2");
        store.pauseDeletes(1); // past the fence, inside the delete of the first photo's source

        CompletableFuture<Integer> slow = deliver(first, NIGHT, "night-2");
        store.awaitPausedDeletes(1);
        String stalled = bucket.keys("incoming/").get(0);
        assertThat(bucket.keys("processed/")).as("copied, source not yet deleted").hasSize(1);
        ManualClock.shared().advance(STALL);
        int redelivered = second.push(BatchTrigger.scheduled(NIGHT), "night-2", NIGHT);
        store.resumeDeletes();

        int slowStatus = slow.get(60, TimeUnit.SECONDS);
        bucket.assertEveryPhotoInExactlyOnePlace(photos);
        assertOnceInTheResults(photos, runId);
        bucket.assertResultsAgreeWithBucket(runId, json());
        ItemResult recovered = byObject(bucket.results(runId)).get(stalled);
        assertThat(recovered.status()).isEqualTo(ItemStatus.SORTED);
        assertThat(recovered.destination()).as("the copy was kept and the move completed")
                .isEqualTo("processed/Shirt/" + stalled.substring("incoming/".length()));
        assertThat(second.run(runId).timeline()).anyMatch(line -> line.contains("completed 1 moves"));
        assertThat(bucket.keys("state/claims/")).isEmpty();
        assertThat(completed.bodies()).hasSize(1);
        assertThat(redelivered).isEqualTo(200);
        assertThat(slowStatus).isEqualTo(200);
    }

    @Test
    void aRunStalledBetweenCopyAndDeleteIsFinishedByTheNextRunWithThePhotoCountedOnce() throws Exception {
        Set<String> photos = new HashSet<>(bucket.putSamples(6));
        BatchService first = batch(Map.of("test.faulty-store", "true", "batch.concurrency", "1", "batch.chunk-size", "3"));
        BatchService second = batch(Map.of("batch.concurrency", "2", "batch.chunk-size", "3"));
        FaultyObjectStore store = (FaultyObjectStore) first.store();
        Instant nextNight = NIGHT.plus(Duration.ofDays(1));
        String stalledRun = RunIds.of(NIGHT, "night-3");
        String nextRun = RunIds.of(nextNight, "night-4");
        store.pauseDeletes(1);

        CompletableFuture<Integer> slow = deliver(first, NIGHT, "night-3");
        store.awaitPausedDeletes(1);
        String stalled = bucket.keys("incoming/").get(0);
        ManualClock.shared().advance(STALL);
        int next = second.push(BatchTrigger.scheduled(nextNight), "night-4", nextNight);
        store.resumeDeletes();

        int slowStatus = slow.get(60, TimeUnit.SECONDS);
        bucket.assertEveryPhotoInExactlyOnePlace(photos);
        List<ItemResult> both = new ArrayList<>(bucket.results(stalledRun));
        both.addAll(bucket.results(nextRun));
        assertThat(both).extracting(ItemResult::object).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(photos.stream().map(p -> "incoming/" + p).toList());
        assertThat(bucket.results(stalledRun)).extracting(ItemResult::object).contains(stalled);
        bucket.assertResultsAgreeWithBucket(stalledRun, json());
        bucket.assertResultsAgreeWithBucket(nextRun, json());
        assertThat(second.run(stalledRun).phase()).isEqualTo("finished");
        assertThat(bucket.keys("state/claims/")).isEmpty();
        assertThat(completed.bodies()).hasSize(2);
        assertThat(next).isEqualTo(200);
        assertThat(slowStatus).isEqualTo(200);
    }

    @Test
    void noPhotoStartsAfterTheDeadlineInsideAChunk() throws Exception {
        Set<String> photos = new HashSet<>(bucket.putSamples(6));
        BatchService batch = batch(Map.of("batch.concurrency", "1", "batch.chunk-size", "10",
                "batch.review-threshold", "0.95"));
        String runId = RunIds.of(NIGHT, "night-5");
        // The second answer takes 40 s: the 10 s budget is spent in the middle of the only chunk.
        predict.beforeAnswer(n -> {
            if (n == 2) {
                ManualClock.shared().advance(STALL);
            }
        });

        assertThat(batch.push(BatchTrigger.scheduled(NIGHT), "night-5", NIGHT)).isEqualTo(200);
        RunView view = awaitFinished(batch, runId);

        String firstChunk = Files.readString(root.resolve("state/journal/" + runId + "/000000.json"));
        @SuppressWarnings("unchecked")
        Map<String, Object> chunk = json().readValue(firstChunk, Map.class);
        assertThat((List<?>) chunk.get("items")).as("started before the deadline").hasSize(2);
        assertThat((List<?>) chunk.get("deferred")).as("listed, not started").hasSize(4);
        assertThat(predict.asked().subList(0, 2)).doesNotContainAnyElementsOf(
                ((List<?>) chunk.get("deferred")).stream().map(Object::toString).toList());
        assertThat(view.deliveries()).isGreaterThanOrEqualTo(2);
        bucket.assertEveryPhotoInExactlyOnePlace(photos);
        assertOnceInTheResults(photos, runId);
        assertThat(predict.asked()).as("no photo asked about twice").doesNotHaveDuplicates();
        // The threshold the run used travels with its counts: every 0.93 answer went to review/ under 0.95.
        assertThat(bucket.summary(runId, json()).confidenceDistribution().reviewThreshold()).isEqualTo(0.95);
        assertThat(bucket.keys("review/")).hasSize(6);
    }

    private void assertOnceInTheResults(Set<String> photos, String runId) {
        assertThat(bucket.results(runId)).extracting(ItemResult::object).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(photos.stream().map(p -> "incoming/" + p).toList());
    }

    private static Map<String, ItemResult> byObject(List<ItemResult> rows) {
        return rows.stream().collect(Collectors.toMap(ItemResult::object, Function.identity()));
    }

    private static RunView awaitFinished(BatchService batch, String runId) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        RunView view = batch.run(runId);
        while (!view.phase().equals("finished") && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            view = batch.run(runId);
        }
        return view;
    }
}
