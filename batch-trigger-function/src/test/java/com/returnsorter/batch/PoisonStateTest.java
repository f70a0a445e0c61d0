package com.returnsorter.batch;

import com.returnsorter.batch.support.BatchService;
import com.returnsorter.batch.support.Bucket;
import com.returnsorter.batch.support.PushSink;
import com.returnsorter.events.BatchTrigger;
import com.returnsorter.events.RunIds;
import com.returnsorter.events.RunStatus;
import com.returnsorter.testing.LogCapture;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Objects under {@code state/} that this version cannot read (a stray file, a half-written object, a
 * newer schema) are logged at ERROR and skipped: they never fail the run at hand or later ones.
 */
class PoisonStateTest {

    private static final Instant NIGHT = Instant.parse("2026-11-22T02:00:00Z");

    private final Bucket bucket = Bucket.shared();
    private PushSink completed;
    private BatchService batch;
    private LogCapture log;

    @BeforeEach
    void start() throws Exception {
        bucket.wipe();
        completed = new PushSink();
        batch = BatchService.start(Map.of("messaging.completed-push-url", completed.pushUrl().toString()));
        log = LogCapture.of("com.returnsorter.batch");
    }

    @AfterEach
    void stop() {
        log.close();
        batch.close();
        completed.close();
    }

    private JsonMapper json() {
        return batch.context().getBean(JsonMapper.class);
    }

    private void put(String key, String content) {
        bucket.put(key, content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void garbledClaimsRunsAndJournalsOfOtherRunsBlockNoRun() {
        Set<String> photos = new HashSet<>(bucket.putSamples(12));
        String abandoned = "20261120_020000_aaaaaa";
        put("state/claims/0123456789abcdef0123456789abcdef01234567-1.json", "{\"runId\": \"20261120_0");
        put("state/claims/stray.txt", "left here by hand");
        put("state/runs/" + abandoned + ".json", "\u0000\u0001 not json");
        put("state/active/" + abandoned, "");
        put("state/journal/" + abandoned + "/000000.json", "[1, 2, 3]");

        String first = RunIds.of(NIGHT, "night-1");
        assertThat(batch.push(BatchTrigger.scheduled(NIGHT), "night-1", NIGHT)).isEqualTo(200);
        Instant nextNight = NIGHT.plusSeconds(86_400);
        String second = RunIds.of(nextNight, "night-2");
        assertThat(batch.push(BatchTrigger.scheduled(nextNight), "night-2", nextNight)).isEqualTo(200);

        assertThat(bucket.summary(first, json()).status()).isEqualTo(RunStatus.SUCCESS);
        assertThat(bucket.summary(first, json()).totalProcessed()).isEqualTo(12);
        assertThat(bucket.summary(second, json()).status()).isEqualTo(RunStatus.SUCCESS);
        bucket.assertEveryPhotoInExactlyOnePlace(photos);
        assertThat(completed.bodies()).hasSize(2);
        assertThat(log.errors()).anySatisfy(e -> assertThat(e).contains("state/claims/0123456789abcdef", "skipped"))
                .anySatisfy(e -> assertThat(e).contains("state/claims/stray.txt"))
                .anySatisfy(e -> assertThat(e).contains("state/runs/" + abandoned + ".json", "skipped"));
        assertThat(bucket.keys("state/claims/")).as("left for a person to look at").hasSize(2);
    }

    @Test
    void aRunWhoseOwnStateIsFromANewerSchemaIsAcknowledgedAndLeftAlone() throws Exception {
        bucket.putSamples(3);
        String runId = RunIds.of(NIGHT, "night-3");
        String newer = "{\"schemaVersion\": 99, \"runId\": \"" + runId + "\", \"phase\": \"RUNNING\"}";
        put("state/runs/" + runId + ".json", newer);

        assertThat(batch.push(BatchTrigger.scheduled(NIGHT), "night-3", NIGHT)).as("acknowledged").isEqualTo(200);

        assertThat(Files.readString(bucket.root().resolve("state/runs/" + runId + ".json"))).isEqualTo(newer);
        assertThat(bucket.keys("incoming/")).hasSize(3);
        assertThat(log.errors()).anySatisfy(e -> assertThat(e).contains(runId, "schema version 99"));
        HttpResponse<String> view = batch.exchange(HttpRequest.GET("/runs/" + runId));
        assertThat(view.getStatus().getCode()).isEqualTo(409);
        assertThat(view.getBody(String.class).orElseThrow()).contains("\"reason\":\"run-state-unreadable\"");

        String next = RunIds.of(NIGHT.plusSeconds(60), "night-4");
        assertThat(batch.push(BatchTrigger.scheduled(NIGHT.plusSeconds(60)), "night-4", NIGHT.plusSeconds(60)))
                .isEqualTo(200);
        assertThat(bucket.summary(next, json()).totalProcessed()).as("the next run is not blocked").isEqualTo(3);
    }

    @Test
    void stateCarriesItsSchemaVersionAndFieldsFromANewerVersionAreIgnored() throws Exception {
        bucket.putSamples(4);
        String runId = RunIds.of(NIGHT, "night-5");
        assertThat(batch.push(BatchTrigger.scheduled(NIGHT), "night-5", NIGHT)).isEqualTo(200);
        String stateKey = "state/runs/" + runId + ".json";
        @SuppressWarnings("unchecked")
        Map<String, Object> state = json().readValue(Files.readAllBytes(bucket.root().resolve(stateKey)), Map.class);
        assertThat(state).containsEntry("schemaVersion", 1);

        String withNewField = Files.readString(bucket.root().resolve(stateKey))
                .replaceFirst("\\{", "{\"addedByANewerVersion\": {\"shards\": [1, 2]}, ");
        Files.delete(bucket.root().resolve(stateKey));
        put(stateKey, withNewField);

        HttpResponse<String> view = batch.exchange(HttpRequest.GET("/runs/" + runId));
        assertThat(view.getStatus().getCode()).isEqualTo(200);
        assertThat(view.getBody(String.class).orElseThrow()).contains("\"phase\":\"finished\"");
        assertThat(batch.push(BatchTrigger.scheduled(NIGHT), "night-5", NIGHT)).as("a redelivery").isEqualTo(200);
        assertThat(log.errors()).isEmpty();
    }
}
