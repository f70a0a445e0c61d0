package com.returnsorter.batch;

import com.returnsorter.batch.api.RunView;
import com.returnsorter.batch.support.BatchService;
import com.returnsorter.batch.support.Bucket;
import com.returnsorter.batch.support.FaultyObjectStore;
import com.returnsorter.batch.support.PushSink;
import com.returnsorter.events.BatchTrigger;
import com.returnsorter.events.ItemStatus;
import com.returnsorter.events.RunIds;
import com.returnsorter.events.RunStatus;
import com.returnsorter.events.RunSummary;
import com.returnsorter.reports.ItemResult;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * At-least-once delivery, overlapping runs, a time budget, store failures and a process that dies
 * mid-run: afterwards every photo is in exactly one place and the reports agree with the bucket.
 */
class DeliverySemanticsTest {

    private final Bucket bucket = Bucket.shared();
    private final List<BatchService> services = new ArrayList<>();
    private PushSink completed;

    @BeforeEach
    void start() throws Exception {
        bucket.wipe();
        completed = new PushSink();
    }

    @AfterEach
    void stop() {
        services.forEach(BatchService::close);
        completed.close();
    }

    private BatchService batch(Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        all.put("messaging.completed-push-url", completed.pushUrl().toString());
        BatchService service = BatchService.start(all);
        services.add(service);
        return service;
    }

    private JsonMapper json(BatchService service) {
        return service.context().getBean(JsonMapper.class);
    }

    @Test
    void theSameTriggerDeliveredThreeTimesAtOnceRunsOnce() {
        Set<String> photos = new HashSet<>(bucket.putSamples(30));
        BatchService batch = batch(Map.of());
        Instant published = Instant.parse("2026-11-22T02:00:00Z");
        BatchTrigger trigger = BatchTrigger.scheduled(published);

        List<CompletableFuture<Integer>> deliveries = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            deliveries.add(CompletableFuture.supplyAsync(() -> batch.push(trigger, "nightly-1", published)));
        }
        List<Integer> statuses = deliveries.stream().map(CompletableFuture::join).toList();
        // A duplicate that arrives while the run is in progress is nacked and comes again later.
        int redelivered = batch.push(trigger, "nightly-1", published);

        assertThat(statuses).contains(200).allMatch(s -> s == 200 || s == 422);
        assertThat(redelivered).isEqualTo(200);
        String runId = RunIds.of(published, "nightly-1");
        bucket.assertEveryPhotoInExactlyOnePlace(photos);
        bucket.assertResultsAgreeWithBucket(runId, json(batch));
        assertThat(bucket.summary(runId, json(batch)).totalProcessed()).isEqualTo(30);
        assertThat(bucket.keys("reports/")).allMatch(k -> k.startsWith("reports/" + runId + "/"));
        assertThat(completed.bodies()).hasSize(1);
    }

    @Test
    void twoRunsAtOnceNeverMoveOrCountAPhotoTwice() {
        Set<String> photos = new HashSet<>(bucket.putSamples(60));
        BatchService batch = batch(Map.of("batch.chunk-size", "5"));
        Instant published = Instant.now();

        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(
                () -> batch.push(BatchTrigger.scheduled(published), "run-a", published));
        CompletableFuture<Integer> second = CompletableFuture.supplyAsync(
                () -> batch.push(BatchTrigger.scheduled(published), "run-b", published));

        assertThat(first.join()).isEqualTo(200);
        assertThat(second.join()).isEqualTo(200);
        bucket.assertEveryPhotoInExactlyOnePlace(photos);
        List<ItemResult> a = bucket.results(RunIds.of(published, "run-a"));
        List<ItemResult> b = bucket.results(RunIds.of(published, "run-b"));
        Set<String> inA = a.stream().map(ItemResult::object).collect(Collectors.toSet());
        assertThat(b).extracting(ItemResult::object).noneMatch(inA::contains);
        assertThat(a.size() + b.size()).isEqualTo(60);
        bucket.assertResultsAgreeWithBucket(RunIds.of(published, "run-a"), json(batch));
        bucket.assertResultsAgreeWithBucket(RunIds.of(published, "run-b"), json(batch));
    }

    @Test
    void aRunOverItsTimeBudgetContinuesThroughContinuationMessages() throws Exception {
        Set<String> photos = new HashSet<>(bucket.putSamples(20));
        BatchService batch = batch(Map.of("batch.time-budget", "1ms", "batch.chunk-size", "5"));
        Instant published = Instant.now();
        String runId = RunIds.of(published, "budget");

        assertThat(batch.push(BatchTrigger.scheduled(published), "budget", published)).isEqualTo(200);
        RunView view = awaitFinished(batch, runId);

        assertThat(view.deliveries()).isGreaterThanOrEqualTo(4);
        assertThat(view.timeline()).anyMatch(line -> line.contains("continued in a new request"));
        bucket.assertEveryPhotoInExactlyOnePlace(photos);
        bucket.assertResultsAgreeWithBucket(runId, json(batch));
        assertThat(bucket.summary(runId, json(batch)).totalProcessed()).isEqualTo(20);
        assertThat(completed.bodies()).hasSize(1);
        // A redelivery of the original trigger after the end is acknowledged and changes nothing.
        assertThat(batch.push(BatchTrigger.scheduled(published), "budget", published)).isEqualTo(200);
        assertThat(completed.bodies()).hasSize(1);
    }

    @Test
    void copyAndDeleteFailuresLeaveEachPhotoInOnePlace() {
        Set<String> photos = new HashSet<>(bucket.putSamples(30));
        BatchService batch = batch(Map.of("test.faulty-store", "true", "batch.chunk-size", "10"));
        FaultyObjectStore store = (FaultyObjectStore) batch.store();
        store.failCopies(4);
        store.failDeletes(5);
        Instant published = Instant.now();
        String runId = RunIds.of(published, "flaky-store");

        assertThat(batch.push(BatchTrigger.scheduled(published), "flaky-store", published)).isEqualTo(200);

        bucket.assertEveryPhotoInExactlyOnePlace(photos);
        bucket.assertResultsAgreeWithBucket(runId, json(batch));
        RunSummary summary = bucket.summary(runId, json(batch));
        assertThat(summary.totalProcessed()).isEqualTo(30);
        // Each photo gets three tries; nine injected failures leave at most three photos behind.
        assertThat(summary.leftInIncoming()).isLessThanOrEqualTo(3);
        assertThat(bucket.keys("incoming/")).hasSize(summary.leftInIncoming());
        assertThat(bucket.keys("state/claims/")).isEmpty();
    }

    @Test
    void aProcessKilledAfterSomeMovesIsCompletedByTheNextDelivery() throws Exception {
        Set<String> photos = new HashSet<>(bucket.putSamples(40));
        Map<String, Object> shortLease = Map.of("test.faulty-store", "true", "batch.chunk-size", "10",
                "batch.time-budget", "2s", "batch.lease-margin", "1s");
        BatchService dying = batch(shortLease);
        ((FaultyObjectStore) dying.store()).crashAfterMoves(13);
        Instant published = Instant.now();
        String runId = RunIds.of(published, "crash");

        io.micronaut.http.HttpResponse<String> first = dying.pushForResponse(BatchTrigger.scheduled(published), "crash",
                published);
        dying.close();
        services.remove(dying);

        assertThat(first.getStatus().getCode()).isEqualTo(422); // a nack: Pub/Sub delivers it again
        assertThat(first.getBody(String.class).orElseThrow()).contains("\"reason\":\"nack\"");
        assertThat(bucket.keys("incoming/")).hasSizeLessThan(40);
        BatchService restarted = batch(shortLease);
        int status;
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        // Pub/Sub redelivers with backoff; until the dead delivery's lease expires the run is busy (422).
        while ((status = restarted.push(BatchTrigger.scheduled(published), "crash", published)) != 200
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
        }

        assertThat(status).isEqualTo(200);
        // The 2 s budget holds in the middle of a chunk too: the rest may come in continuation messages.
        assertThat(awaitFinished(restarted, runId).phase()).isEqualTo("finished");
        bucket.assertEveryPhotoInExactlyOnePlace(photos);
        bucket.assertResultsAgreeWithBucket(runId, json(restarted));
        RunSummary summary = bucket.summary(runId, json(restarted));
        assertThat(summary.totalProcessed()).isEqualTo(40);
        assertThat(summary.status()).isEqualTo(RunStatus.SUCCESS);
        assertThat(bucket.results(runId)).extracting(ItemResult::status).doesNotContain(ItemStatus.ERROR);
        assertThat(bucket.keys("state/claims/")).isEmpty();
    }

    @Test
    void aRunWhoseDeliveryDiedIsFinishedByTheNextRun() throws Exception {
        Set<String> photos = new HashSet<>(bucket.putSamples(30));
        Map<String, Object> shortLease = Map.of("test.faulty-store", "true", "batch.chunk-size", "10",
                "batch.time-budget", "1s", "batch.lease-margin", "1s");
        BatchService dying = batch(shortLease);
        ((FaultyObjectStore) dying.store()).crashAfterMoves(15);
        Instant night1 = Instant.parse("2026-11-21T02:00:00Z");
        dying.push(BatchTrigger.scheduled(night1), "night-1", night1);
        dying.close();
        services.remove(dying);
        Thread.sleep(2500); // the dead delivery's lease expires

        BatchService next = batch(shortLease);
        Instant night2 = Instant.parse("2026-11-22T02:00:00Z");
        assertThat(next.push(BatchTrigger.scheduled(night2), "night-2", night2)).isEqualTo(200);
        String first = RunIds.of(night1, "night-1");
        String second = RunIds.of(night2, "night-2");
        // The 1 s budget holds in the middle of a chunk too: the second run may go on in continuation messages.
        assertThat(awaitFinished(next, second).phase()).isEqualTo("finished");

        bucket.assertEveryPhotoInExactlyOnePlace(photos);
        bucket.assertResultsAgreeWithBucket(first, json(next));
        bucket.assertResultsAgreeWithBucket(second, json(next));
        assertThat(bucket.results(first).size() + bucket.results(second).size()).isEqualTo(30);
        assertThat(next.run(first).phase()).isEqualTo("finished");
        assertThat(completed.bodies()).hasSize(2);
    }

    private static RunView awaitFinished(BatchService batch, String runId) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        RunView view = batch.run(runId);
        while (!view.phase().equals("finished") && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            view = batch.run(runId);
        }
        return view;
    }
}
