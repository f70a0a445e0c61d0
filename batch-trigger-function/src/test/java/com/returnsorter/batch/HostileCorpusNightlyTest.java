package com.returnsorter.batch;

import com.returnsorter.batch.support.BatchService;
import com.returnsorter.batch.support.Bucket;
import com.returnsorter.batch.support.PredictProcess;
import com.returnsorter.batch.support.PushSink;
import com.returnsorter.events.BatchTrigger;
import com.returnsorter.events.ItemStatus;
import com.returnsorter.events.RunIds;
import com.returnsorter.events.RunStatus;
import com.returnsorter.events.RunSummary;
import com.returnsorter.inference.hostile.HostileCorpus;
import com.returnsorter.reports.ItemResult;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed hostile-file corpus dropped into {@code incoming/} and sorted by one nightly run against the
 * real predict function (its shaded jar with the shipped JVM options): every file the decoder refuses ends
 * in {@code rejected/} with its reason, the decodable ones are sorted, the run finishes and predict lives.
 */
class HostileCorpusNightlyTest {

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

    @Test
    void hostileFilesEndInRejectedWithTheirReasonAndTheRunFinishes() {
        List<HostileCorpus.Case> corpus = HostileCorpus.committed();
        Set<String> names = new HashSet<>();
        for (HostileCorpus.Case file : corpus) {
            bucket.put("incoming/" + file.path(), file.bytes());
            names.add(file.path());
        }
        Instant published = Instant.parse("2026-11-24T02:00:00Z");
        String messageId = "hostile-" + System.nanoTime();

        assertThat(batch.push(BatchTrigger.scheduled(published), messageId, published)).isEqualTo(200);

        String runId = RunIds.of(published, messageId);
        assertThat(PredictProcess.get().isAlive()).as("the predict function survived the corpus").isTrue();
        bucket.assertEveryPhotoInExactlyOnePlace(names);
        bucket.assertResultsAgreeWithBucket(runId, json);
        Map<String, ItemResult> byObject = bucket.results(runId).stream()
                .collect(Collectors.toMap(ItemResult::object, r -> r));
        for (HostileCorpus.Case file : corpus) {
            ItemResult result = byObject.get("incoming/" + file.path());
            assertThat(result).as(file.path()).isNotNull();
            if (file.decodes()) {
                assertThat(result.destination()).as(file.path() + ": " + result.error()).matches("(processed|review)/.+");
            } else {
                assertThat(result.status()).as(file.path() + ": " + result.error()).isEqualTo(ItemStatus.REJECTED);
                assertThat(result.destination()).isEqualTo("rejected/" + file.path());
                assertThat(result.error()).as(file.path()).isEqualTo(file.expected());
            }
        }
        RunSummary summary = bucket.summary(runId, json);
        assertThat(summary.status()).as("a run with rejected photos is partial, not failed").isEqualTo(RunStatus.PARTIAL);
        assertThat(summary.totalProcessed()).isEqualTo(corpus.size());
        assertThat(summary.rejected()).isEqualTo((int) corpus.stream().filter(c -> !c.decodes()).count());
        assertThat(completed.bodies()).hasSize(1);
    }
}
