package com.returnsorter.batch;

import com.returnsorter.batch.run.Layout;
import com.returnsorter.batch.support.BatchService;
import com.returnsorter.batch.support.Bucket;
import com.returnsorter.batch.support.PushSink;
import com.returnsorter.events.BatchTrigger;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batch's {@code /health} and {@code /health/readiness} follow its real dependencies (the bucket and
 * the predict function, started from its jar), liveness does not; {@code /prometheus} counts runs and
 * photos by destination and category.
 */
class HealthAndMetricsTest {

    private final Bucket bucket = Bucket.shared();
    private PushSink completed;
    private BatchService batch;

    @BeforeEach
    void start() throws Exception {
        bucket.wipe();
        completed = new PushSink();
    }

    @AfterEach
    void stop() {
        if (batch != null) {
            batch.close();
        }
        completed.close();
    }

    private HttpResponse<String> await(String path, int status) throws InterruptedException {
        HttpResponse<String> answer = batch.exchange(HttpRequest.GET(path));
        Instant deadline = Instant.now().plusSeconds(30);
        while (answer.getStatus().getCode() != status && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            answer = batch.exchange(HttpRequest.GET(path));
        }
        return answer;
    }

    @Test
    void readyWithThePredictFunctionAndCountsRunsAndPhotosByDestinationAndCategory() throws Exception {
        batch = BatchService.start(Map.of("messaging.completed-push-url", completed.pushUrl().toString()));
        HttpResponse<String> health = await("/health", 200);
        assertThat(health.getStatus().getCode()).as(health.body()).isEqualTo(200);
        assertThat(health.body()).contains("\"predict\"", "\"objectStore\"", "\"status\":\"UP\"");

        bucket.putSamples(10);
        bucket.put("incoming/notes.jpg", "not a photo".getBytes(StandardCharsets.UTF_8));
        Instant night = Instant.parse("2026-11-22T02:00:00Z");
        assertThat(batch.push(BatchTrigger.scheduled(night), "night-1", night)).isEqualTo(200);

        String metrics = batch.exchange(HttpRequest.GET("/prometheus")).body();
        assertThat(metrics).contains("returnsorter_runs_total{dry_run=\"false\",status=\"partial\"} 1.0")
                .contains("returnsorter_run_duration_seconds_count{status=\"partial\"} 1");
        double photos = metrics.lines().filter(l -> l.startsWith("returnsorter_photos_total{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        assertThat(photos).isEqualTo(11.0);

        // By destination and category, exactly what the bucket shows: processed/<Category>/…, review/<Category>/…, rejected/….
        Map<String, Double> inBucket = new TreeMap<>();
        for (String folder : List.of("processed/", "review/", "rejected/")) {
            for (String key : bucket.keys(folder)) {
                String[] parts = key.split("/");
                String category = folder.equals("rejected/") ? "none" : parts[1];
                inBucket.merge(folder.substring(0, folder.length() - 1) + " " + category, 1.0, Double::sum);
            }
        }
        Map<String, Double> counted = new TreeMap<>();
        MeterRegistry registry = batch.context().getBean(MeterRegistry.class);
        for (Counter counter : registry.find("returnsorter.photos").counters()) {
            // The tag is the model's label (T-shirt/top), the folder its safe segment (T-shirt_top).
            String category = counter.getId().getTag("category");
            counted.merge(counter.getId().getTag("destination") + " " + (category.equals("none") ? category
                    : Layout.categorySegment(category)), counter.count(), Double::sum);
        }
        assertThat(counted).isEqualTo(inBucket).containsEntry("rejected none", 1.0);
        assertThat(registry.get("returnsorter.runs").tag("status", "partial").counter().count()).isEqualTo(1.0);
    }

    @Test
    void notReadyWhileThePredictFunctionDoesNotAnswer() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        batch = BatchService.start(Map.of("micronaut.http.services.predict.url", "http://127.0.0.1:" + closedPort));

        HttpResponse<String> readiness = batch.exchange(HttpRequest.GET("/health/readiness"));
        assertThat(readiness.getStatus().getCode()).as(readiness.body()).isEqualTo(503);
        assertThat(readiness.body()).contains("\"predict\"", "DOWN", "127.0.0.1:" + closedPort);
        assertThat(batch.exchange(HttpRequest.GET("/health")).getStatus().getCode()).isEqualTo(503);
        assertThat(batch.exchange(HttpRequest.GET("/health/liveness")).getStatus().getCode()).isEqualTo(200);
    }
}
