package com.returnsorter.batch;

import com.returnsorter.batch.support.BatchService;
import com.returnsorter.batch.support.Bucket;
import com.returnsorter.batch.support.FaultyPredictProxy;
import com.returnsorter.batch.support.PredictProcess;
import com.returnsorter.batch.support.PushSink;
import com.returnsorter.events.BatchTrigger;
import com.returnsorter.events.RunIds;
import com.returnsorter.events.RunStatus;
import com.returnsorter.events.RunSummary;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The predict function failing for a while, or not there at all. */
class PredictFaultsTest {

    private final Bucket bucket = Bucket.shared();
    private PushSink completed;
    private FaultyPredictProxy proxy;
    private BatchService batch;

    @BeforeEach
    void start() throws Exception {
        bucket.wipe();
        completed = new PushSink();
        proxy = new FaultyPredictProxy(PredictProcess.get().url());
    }

    @AfterEach
    void stop() {
        if (batch != null) {
            batch.close();
        }
        proxy.close();
        completed.close();
    }

    private BatchService batch(String predictUrl, Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>(extra);
        properties.put("micronaut.http.services.predict.url", predictUrl);
        properties.put("messaging.completed-push-url", completed.pushUrl().toString());
        batch = BatchService.start(properties);
        return batch;
    }

    private RunSummary run(String messageId) {
        Instant published = Instant.now();
        assertThat(batch.push(BatchTrigger.scheduled(published), messageId, published)).isEqualTo(200);
        return bucket.summary(RunIds.of(published, messageId), batch.context().getBean(JsonMapper.class));
    }

    @Test
    void retriesThroughAWhileOf503s() {
        Set<String> photos = new HashSet<>(bucket.putSamples(10));
        batch(proxy.url().toString(), Map.of("batch.concurrency", "2"));
        proxy.failNext(6, FaultyPredictProxy.Fault.UNAVAILABLE_503);

        RunSummary summary = run("retry-503");

        assertThat(proxy.faultsServed()).isEqualTo(6);
        assertThat(summary.status()).isEqualTo(RunStatus.SUCCESS);
        assertThat(summary.successful()).isEqualTo(10);
        bucket.assertEveryPhotoInExactlyOnePlace(photos);
    }

    @Test
    void honoursRateLimitingAndCarriesOn() {
        Set<String> photos = new HashSet<>(bucket.putSamples(6));
        batch(proxy.url().toString(), Map.of("batch.concurrency", "2", "predict-client.max-backoff", "2s"));
        proxy.failNext(3, FaultyPredictProxy.Fault.RATE_LIMITED_429);

        RunSummary summary = run("retry-429");

        assertThat(proxy.faultsServed()).isEqualTo(3);
        assertThat(summary.successful()).isEqualTo(6);
        bucket.assertEveryPhotoInExactlyOnePlace(photos);
    }

    @Test
    void retriesTimeoutsAndLeavesPhotosThatNeverGetAnAnswerInIncoming() {
        Set<String> photos = new HashSet<>(bucket.putSamples(4));
        batch(proxy.url().toString(), Map.of("batch.concurrency", "1", "predict-client.attempts", "2",
                "micronaut.http.services.predict.read-timeout", "300ms"));
        proxy.stallFor(1500);
        proxy.failNext(2, FaultyPredictProxy.Fault.STALL); // both tries of the first photo time out

        RunSummary summary = run("timeouts");

        assertThat(summary.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(summary.leftInIncoming()).isEqualTo(1);
        assertThat(summary.successful()).isEqualTo(3);
        assertThat(summary.errors()).extracting(RunSummary.ItemError::reason).containsExactly("timeout");
        assertThat(bucket.keys("incoming/")).hasSize(1);
        bucket.assertEveryPhotoInExactlyOnePlace(photos);
    }

    @Test
    void anUnreachablePredictFunctionFailsTheRunFastAndStillPublishesTheEvent() throws Exception {
        bucket.putSamples(5);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        batch("http://127.0.0.1:" + closedPort, Map.of("batch.predict-ready-timeout", "1s"));

        RunSummary summary = run("no-predict");

        assertThat(summary.status()).isEqualTo(RunStatus.FAILED);
        assertThat(summary.errorMessage()).contains("predict function");
        assertThat(summary.totalProcessed()).isZero();
        assertThat(bucket.keys("incoming/")).hasSize(5);
        assertThat(completed.bodies()).hasSize(1);
        assertThat(completed.bodies().get(0)).contains("batch-completed");
    }

    @Test
    void aPredictFunctionThatGoesAwayMidRunStopsTheRunAsFailed() {
        Set<String> photos = new HashSet<>(bucket.putSamples(30));
        batch(proxy.url().toString(), Map.of("batch.concurrency", "1", "batch.chunk-size", "5",
                "predict-client.attempts", "1", "batch.max-consecutive-failures", "3"));
        proxy.failNext(1000, FaultyPredictProxy.Fault.UNAVAILABLE_503);

        RunSummary summary = run("predict-gone");

        assertThat(summary.status()).isEqualTo(RunStatus.FAILED);
        assertThat(summary.leftInIncoming()).isEqualTo(3);
        assertThat(bucket.keys("incoming/")).hasSize(30);
        bucket.assertEveryPhotoInExactlyOnePlace(photos);
    }
}
