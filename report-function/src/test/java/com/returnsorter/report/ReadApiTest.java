package com.returnsorter.report;

import com.returnsorter.events.RunStatus;
import com.returnsorter.events.RunSummary;
import com.returnsorter.events.Topics;
import com.returnsorter.report.support.ReportService;
import com.returnsorter.report.support.Runs;
import com.returnsorter.report.support.TestClock;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read API over a history of three weeks of nights (SQLite; the Firestore store answers the
 * same queries, see the history contract test), as a client sees it.
 */
class ReadApiTest {

    static final Instant TODAY = Instant.parse("2026-11-22T02:00:00Z");
    static final String KEY = "morning-shift:0123456789abcdef0123";

    @TempDir
    static Path folder;

    static ReportService service;
    static final TestClock CLOCK = new TestClock(TODAY.plus(Duration.ofHours(6)));
    static final List<RunSummary> NIGHTS = new ArrayList<>();

    static final String IAP_AUDIENCE = "/projects/1/locations/europe-west1/services/report-function";

    @BeforeAll
    static void recordThreeWeeks() throws IOException {
        Path bucket = Files.createDirectories(folder.resolve("bucket"));
        // With IAP configured, as deployed: a caller without a key is nobody (not the local user).
        service = ReportService.start(bucket, CLOCK, Map.of("report.api-keys", KEY, "report.time-zone", "Europe/Berlin",
                "iap.audience", IAP_AUDIENCE,
                "iap.jwks-uri", ReportService.ISSUER.jwksUri()));
        for (int daysAgo = 20; daysAgo >= 0; daysAgo--) {
            Instant night = TODAY.minus(Duration.ofDays(daysAgo));
            RunStatus status = daysAgo == 3 ? RunStatus.FAILED : daysAgo % 5 == 0 ? RunStatus.PARTIAL : RunStatus.SUCCESS;
            RunSummary summary = status == RunStatus.FAILED
                    ? Runs.summary(night, "night-" + daysAgo, 0, 0, 0, 0, 91, status)
                    : Runs.summary(night, "night-" + daysAgo, 200 + daysAgo, 20 + daysAgo, daysAgo % 5 == 0 ? 4 : 0, 0,
                    300 + daysAgo, status);
            Runs.writeReports(bucket, summary);
            CLOCK.set(summary.finishedAt().plusSeconds(5));
            assertThat(service.exchange(post(summary)).getStatus().getCode()).isEqualTo(200);
            NIGHTS.add(summary);
        }
        CLOCK.set(TODAY.plus(Duration.ofHours(6)));
    }

    private static HttpRequest<?> post(RunSummary summary) {
        return HttpRequest.POST("/push", com.returnsorter.events.PushEnvelope.of(ReportService.PROJECT,
                Topics.BATCH_COMPLETED, json(summary), Map.of())).bearerAuth(ReportService.pushToken());
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void listsTheRunsOfTheLastDaysNewestFirst() {
        JsonNode list = get("/runs?days=7");
        assertThat(list.get("days").getIntValue()).isEqualTo(7);
        assertThat(list.get("count").getIntValue()).isEqualTo(7);
        assertThat(list.get("runs").get(0).get("runId").getStringValue()).isEqualTo(last().runId());
        assertThat(list.get("runs").get(0).get("status").getStringValue()).isEqualTo("partial");
        assertThat(get("/runs").get("count").getIntValue()).as("30 days by default").isEqualTo(21);
    }

    @Test
    void listsTheRunsAsCsvWhenAskedFor() {
        HttpResponse<String> csv = service.exchange(HttpRequest.GET("/runs?days=2").accept("text/csv").header("X-API-Key", secret()));
        assertThat(csv.getStatus().getCode()).isEqualTo(200);
        assertThat(csv.getContentType()).hasValueSatisfying(type -> assertThat(type.getName()).isEqualTo("text/csv"));
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).startsWith("runId,status,trigger,dryRun,startedAt");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).startsWith(last().runId() + ",partial,scheduled,false,");
    }

    @Test
    void showsARunWithItsItemsFilteredAndSortedByConfidence() {
        JsonNode detail = get("/runs/" + last().runId() + "?status=review&sort=confidence&limit=5");
        assertThat(detail.get("run").get("lowConfidence").getIntValue()).isEqualTo(20);
        JsonNode items = detail.get("items");
        assertThat(items.size()).isEqualTo(5);
        double previous = 0;
        for (int i = 0; i < items.size(); i++) {
            assertThat(items.get(i).get("status").getStringValue()).isEqualTo("review");
            double confidence = items.get(i).get("confidence").getDoubleValue();
            assertThat(confidence).isGreaterThanOrEqualTo(previous);
            previous = confidence;
        }
        JsonNode highest = get("/runs/" + last().runId() + "?sort=-confidence&limit=1").get("items");
        assertThat(highest.get(0).get("confidence").getDoubleValue()).isEqualTo(0.98);
    }

    @Test
    void servesTheRunsHtmlReportFromTheBucket() {
        HttpResponse<String> report = service.exchange(HttpRequest.GET("/runs/" + last().runId() + "/report")
                .header("X-API-Key", secret()));
        assertThat(report.getStatus().getCode()).isEqualTo(200);
        assertThat(report.body()).contains("<h1>Run " + last().runId());
    }

    @Test
    void badQueriesGetAReasonNeverAServerError() {
        assertError("/runs?days=0", 400, "invalid-days");
        assertError("/runs?days=many", 400, "invalid-days");
        assertError("/runs/not-a-run-id", 400, "invalid-run-id");
        assertError("/runs/20261122_020000_zzzzzz", 404, "run-not-found");
        assertError("/runs/" + last().runId() + "?status=lost", 400, "invalid-status");
        assertError("/runs/" + last().runId() + "?sort=size", 400, "invalid-sort");
        assertError("/runs/" + last().runId() + "?limit=-1", 400, "invalid-limit");
        assertError("/alerts?severity=PANIC", 400, "invalid-severity");
        assertError("/alerts?resolved=maybe", 400, "invalid-resolved");
        assertError("/reports/weekly?to=yesterday", 400, "invalid-to");
        HttpResponse<String> notJson = service.exchange(HttpRequest.POST("/alerts/any/resolve", "{not json")
                .contentType("application/json").header("X-API-Key", secret()));
        assertThat(notJson.getStatus().getCode()).isEqualTo(400);
        assertThat(notJson.body()).contains("\"reason\"");
        HttpResponse<String> noKey = service.get("/runs");
        assertThat(noKey.getStatus().getCode()).isEqualTo(401);
        assertThat(noKey.body()).contains("\"reason\":\"unauthorized\"");
    }

    @Test
    void filtersAlertsAndRecordsWhoResolvedOne() {
        String failedRun = NIGHTS.get(17).runId();
        JsonNode critical = get("/alerts?severity=CRITICAL&resolved=false");
        assertThat(critical.get("count").getIntValue()).isEqualTo(1);
        assertThat(critical.get("alerts").get(0).get("alertId").getStringValue()).isEqualTo(failedRun + "-run-failed");

        HttpResponse<String> resolved = service.exchange(HttpRequest.POST("/alerts/" + failedRun + "-run-failed/resolve",
                Map.of("resolvedBy", "anna")).header("X-API-Key", secret()));
        assertThat(resolved.getStatus().getCode()).isEqualTo(200);
        JsonNode alert = parse(resolved.body());
        assertThat(alert.get("resolved").getBooleanValue()).isTrue();
        assertThat(alert.get("resolvedBy").getStringValue()).isEqualTo("anna");
        assertThat(alert.get("resolvedAt").getStringValue()).isEqualTo(CLOCK.instant().toString());

        assertThat(get("/alerts?severity=CRITICAL&resolved=false").get("count").getIntValue()).isZero();
        HttpResponse<String> byKey = service.exchange(HttpRequest.POST("/alerts/" + last().runId() + "-run-summary/resolve", "")
                .header("X-API-Key", secret()));
        assertThat(parse(byKey.body()).get("resolvedBy").getStringValue()).as("the caller's key names who").isEqualTo("morning-shift");
        assertThat(service.exchange(HttpRequest.POST("/alerts/nothing-here/resolve", Map.of("resolvedBy", "anna"))
                .header("X-API-Key", secret())).getStatus().getCode()).isEqualTo(404);
    }

    @Test
    void healthReportSaysHowTheNightlySortIsDoing() {
        JsonNode health = get("/health-report");
        assertThat(health.get("lastRun").get("runId").getStringValue()).isEqualTo(last().runId());
        assertThat(health.get("hoursSinceLastRun").getDoubleValue()).isBetween(5.0, 6.0);
        assertThat(health.get("last7Days").get("runs").getIntValue()).isEqualTo(7);
        assertThat(health.get("failedRunsLast30Days").getIntValue()).isEqualTo(1);
        assertThat(health.get("status").getStringValue()).isIn("degraded", "unhealthy");
        assertThat(health.get("nextScheduledRun").getStringValue())
                .as("02:00 in Berlin is 01:00 UTC in winter").isEqualTo("2026-11-23T01:00:00Z");
    }

    @Test
    void weeklyReportComparesTheWeekWithTheOneBefore() {
        JsonNode weekly = get("/reports/weekly?to=2026-11-22");
        assertThat(weekly.get("from").getStringValue()).isEqualTo("2026-11-16");
        assertThat(weekly.get("daily").size()).isEqualTo(7);
        assertThat(weekly.get("totals").get("runs").getIntValue()).isEqualTo(7);
        assertThat(weekly.get("totals").get("failedRuns").getIntValue()).isEqualTo(1);
        assertThat(weekly.get("previousWeek").get("runs").getIntValue()).isEqualTo(7);
        assertThat(weekly.get("change").get("imagesPercent").getDoubleValue()).isNegative();
        assertThat(weekly.get("categories").size()).isEqualTo(10);
    }

    @Test
    void dashboardIsAPageWithTheLastRun() {
        HttpResponse<String> page = service.exchange(HttpRequest.GET("/dashboard").header("x-goog-iap-jwt-assertion",
                ReportService.ISSUER.iapAssertion("staff@example.com", IAP_AUDIENCE)));
        assertThat(page.getStatus().getCode()).isEqualTo(200);
        assertThat(page.getContentType().orElseThrow().getName()).isEqualTo("text/html");
        assertThat(page.body()).contains(last().runId(), "http-equiv=\"refresh\"");
    }

    @Test
    void runsAreAPageInABrowserAndCsvByLink() {
        String iap = ReportService.ISSUER.iapAssertion("staff@example.com", IAP_AUDIENCE);
        HttpResponse<String> page = service.exchange(HttpRequest.GET("/runs?days=400")
                .header("x-goog-iap-jwt-assertion", iap).header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"));
        assertThat(page.getStatus().getCode()).isEqualTo(200);
        assertThat(page.getContentType().orElseThrow().getName()).isEqualTo("text/html");
        assertThat(page.body()).startsWith("<!DOCTYPE html>")
                .contains("<a href=\"/runs\" aria-current=\"page\">Runs</a>", "<table class=\"runs\">",
                        "href=\"runs/" + last().runId() + "/report\"", "href=\"runs?days=400&amp;format=csv\"");
        for (RunSummary night : NIGHTS) {
            assertThat(page.body()).contains("<code>" + night.runId() + "</code>");
        }

        HttpResponse<String> csv = service.exchange(HttpRequest.GET("/runs?days=400&format=csv")
                .header("x-goog-iap-jwt-assertion", iap).header("Accept", "text/html,*/*;q=0.8"));
        assertThat(csv.getContentType().orElseThrow().getName()).isEqualTo("text/csv");
        assertThat(csv.body()).contains(last().runId());
        assertError("/runs?format=xml", 400, "invalid-format");
    }

    private static RunSummary last() {
        return NIGHTS.get(NIGHTS.size() - 1);
    }

    private static String secret() {
        return KEY.substring(KEY.indexOf(':') + 1);
    }

    private void assertError(String path, int status, String reason) {
        HttpResponse<String> answer = service.exchange(HttpRequest.GET(path).header("X-API-Key", secret()));
        assertThat(answer.getStatus().getCode()).as(path).isEqualTo(status);
        assertThat(parse(answer.body()).get("reason").getStringValue()).as(path).isEqualTo(reason);
    }

    private JsonNode get(String path) {
        HttpResponse<String> answer = service.exchange(HttpRequest.GET(path).header("X-API-Key", secret()));
        assertThat(answer.getStatus().getCode()).as(path + ": " + answer.body()).isEqualTo(200);
        return parse(answer.body());
    }

    private static JsonNode parse(String json) {
        try {
            return service.context().getBean(JsonMapper.class).readValue(json, JsonNode.class);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] json(Object value) {
        try {
            return service.context().getBean(JsonMapper.class).writeValueAsBytes(value);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
