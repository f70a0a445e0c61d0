package com.returnsorter.batch;

import com.returnsorter.batch.api.RunView;
import com.returnsorter.batch.support.BatchService;
import com.returnsorter.batch.support.Bucket;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /runs} and {@code GET /runs/{runId}} as an operator uses them. */
class RunsApiTest {

    private static final String KEY = "operator-key-0123456789";

    private final Bucket bucket = Bucket.shared();
    private BatchService batch;

    @BeforeEach
    void start() {
        bucket.wipe();
        batch = BatchService.start(Map.of("batch.api-keys", "ops:" + KEY));
    }

    @AfterEach
    void stop() {
        batch.close();
    }

    @Test
    void startsARunNowAndShowsItsProgressThenItsSummary() throws Exception {
        bucket.putSamples(8);

        HttpResponse<String> accepted = batch.exchange(HttpRequest.POST("/runs", Map.of("maxItems", 6)).header("X-API-Key", KEY));

        assertThat(accepted.getStatus().getCode()).isEqualTo(202);
        String location = accepted.getHeaders().get("Location");
        assertThat(location).matches("/runs/\\d{8}_\\d{6}_[0-9a-z]{6}");
        RunView view;
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        do {
            Thread.sleep(200);
            view = batch.client().toBlocking().retrieve(HttpRequest.GET(location).header("X-API-Key", KEY), RunView.class);
        } while (!view.phase().equals("finished") && Instant.now().isBefore(deadline));
        assertThat(view.status()).isEqualTo("success");
        assertThat(view.trigger()).isEqualTo("manual");
        assertThat(view.progress().listed()).isEqualTo(6);
        assertThat(view.progress().moved()).isEqualTo(6);
        assertThat(view.progress().remaining()).isZero();
        assertThat(view.summary().totalProcessed()).isEqualTo(6);
        assertThat(bucket.keys("incoming/")).hasSize(2);
    }

    @Test
    void refusesCallersWithoutAKey() {
        HttpResponse<String> response = batch.exchange(HttpRequest.POST("/runs", Map.of()));

        assertThat(response.getStatus().getCode()).isEqualTo(401);
        assertThat(response.getBody(String.class).orElseThrow()).contains("\"reason\":\"unauthorized\"");
        assertThat(bucket.keys("state/")).isEmpty();
    }

    @Test
    void answersUnknownAndMalformedRunIdsWithJsonErrors() {
        HttpResponse<String> unknown = batch.exchange(HttpRequest.GET("/runs/20260101_020000_abcdef").header("X-API-Key", KEY));
        HttpResponse<String> malformed = batch.exchange(HttpRequest.GET("/runs/..%2F..%2Fetc").header("X-API-Key", KEY));

        assertThat(unknown.getStatus().getCode()).isEqualTo(404);
        assertThat(unknown.getBody(String.class).orElseThrow()).contains("run-not-found");
        assertThat(malformed.getStatus().getCode()).isIn(400, 404);
        assertThat(malformed.getBody(String.class).orElseThrow()).contains("\"reason\"");
    }

    @Test
    void refusesAnInvalidRunRequestWithAReason() {
        HttpResponse<String> response = batch.exchange(HttpRequest.POST("/runs", Map.of("maxItems", -3)).header("X-API-Key", KEY));

        assertThat(response.getStatus().getCode()).isEqualTo(400);
        assertThat(response.getBody(String.class).orElseThrow()).contains("maxItems");
    }
}
