package com.returnsorter.report.quality;

import com.returnsorter.report.support.Night;
import com.returnsorter.report.support.ReportService;
import com.returnsorter.report.support.TestClock;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /quality} and the weekly report over real HTTP, after decisions posted through
 * {@code POST /review/decisions} on photos a night left in {@code review/} (local bucket, SQLite history).
 */
class QualityApiTest {

    static final Instant NIGHT = Instant.parse("2026-10-13T02:00:00Z");
    static final String RUN = "20261013_020000_abcdef";

    @TempDir
    Path folder;

    TestClock clock = new TestClock(NIGHT.plusSeconds(7 * 3600));
    ReportService service;

    @BeforeEach
    void start() throws Exception {
        Path bucket = Files.createDirectories(folder.resolve("bucket"));
        service = ReportService.start(bucket, clock, Map.of("iap.local-user", "anna@returns.example"));
        new Night(bucket, RUN, NIGHT)
                .sorted("r-001.jpg", "Coat", 0.93)
                .review("r-002.jpg", "Coat", 0.52, "Pullover")
                .review("r-003.jpg", "Shirt", 0.44, "T-shirt/top")
                .review("r-004.jpg", "Shirt", 0.61, "T-shirt/top")
                .review("r-005.jpg", "Shirt", 0.58, "Pullover")
                .review("r-006.jpg", "Bag", 0.50, "Sandal")
                .record(service.history());
        decide("review/Coat/r-002.jpg", "approve", null);
        decide("review/Shirt/r-003.jpg", "correct", "T-shirt/top");
        decide("review/Shirt/r-004.jpg", "correct", "T-shirt/top");
        decide("review/Shirt/r-005.jpg", "approve", null);
        decide("review/Bag/r-006.jpg", "reject", null);
    }

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void answersLiveAccuracyPerCategoryWithIntervalsAndTheConfusionTable() {
        HttpResponse<String> answer = service.get("/quality?days=7");
        assertThat(answer.getStatus().getCode()).as(answer.body()).isEqualTo(200);
        Map<String, Object> quality = service.read(answer.body(), Map.class);

        assertThat(quality).containsEntry("days", 7).containsEntry("reviewed", 4).containsEntry("modelRight", 2)
                .containsEntry("liveAccuracy", 0.5);
        assertThat((List<Double>) quality.get("interval")).containsExactlyElementsOf(Wilson.interval95(2, 4));
        assertThat((Map<String, Object>) quality.get("excluded")).containsEntry("rejected", 1);
        Map<String, Map<String, Object>> byCategory = (Map<String, Map<String, Object>>) quality.get("byCategory");
        assertThat(byCategory).containsOnlyKeys("Coat", "Shirt");
        assertThat(byCategory.get("Shirt")).containsEntry("reviewed", 3).containsEntry("modelRight", 1);
        assertThat((Map<String, Object>) quality.get("byWeek")).containsOnlyKeys("2026-W42");
        assertThat((List<Map<String, Object>>) quality.get("confusion")).first()
                .isEqualTo(Map.of("model", "Shirt", "person", "T-shirt/top", "count", 2));
    }

    @Test
    void aBadNumberOfDaysIsA400WithAReason() {
        for (String days : List.of("0", "367", "-1", "seven", "1.5")) {
            HttpResponse<String> answer = service.get("/quality?days=" + days);
            assertThat(answer.getStatus().getCode()).as(days).isEqualTo(400);
            assertThat(answer.getContentType().orElseThrow().toString()).startsWith("application/json");
            assertThat(service.read(answer.body(), Map.class)).containsEntry("reason", "invalid-days");
        }
    }

    @Test
    void decisionsOlderThanThePeriodAreLeftOut() {
        clock.advance(Duration.ofDays(3));
        assertThat(service.read(service.get("/quality?days=2").body(), Map.class)).containsEntry("reviewed", 0);
        assertThat(service.read(service.get("/quality?days=4").body(), Map.class)).containsEntry("reviewed", 4);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theWeeklyReportCarriesTheWeeksLiveAccuracy() {
        Map<String, Object> weekly = service.read(service.get("/reports/weekly?to=2026-10-15").body(), Map.class);
        Map<String, Object> live = (Map<String, Object>) weekly.get("liveAccuracy");
        assertThat(live).containsEntry("reviewed", 4).containsEntry("liveAccuracy", 0.5);
        assertThat((Map<String, Object>) weekly.get("previousLiveAccuracy")).containsEntry("reviewed", 0);
    }

    private void decide(String object, String decision, String category) {
        Map<String, Object> body = new HashMap<>();
        body.put("object", object);
        body.put("decision", decision);
        if (category != null) {
            body.put("category", category);
        }
        HttpResponse<String> answer = service.exchange(HttpRequest.POST("/review/decisions", body));
        assertThat(answer.getStatus().getCode()).as(answer.body()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(1));
    }
}
