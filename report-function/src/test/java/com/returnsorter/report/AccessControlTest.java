package com.returnsorter.report;

import com.returnsorter.events.RunStatus;
import com.returnsorter.events.RunSummary;
import com.returnsorter.events.Topics;
import com.returnsorter.report.support.ReportService;
import com.returnsorter.report.support.Runs;
import com.returnsorter.report.support.TestClock;
import com.returnsorter.testing.LocalOidcIssuer;
import com.returnsorter.testing.RawHttp;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.returnsorter.report.support.ReportService.ISSUER;
import static com.returnsorter.report.support.ReportService.PUSH_ACCOUNT;
import static com.returnsorter.report.support.ReportService.PUSH_AUDIENCE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may call what on the report service as deployed with keys and IAP: programs with a key read the
 * API, people signed in through IAP read the pages and the API, only the push account pushes; a forged
 * batch-completed changes nothing. And every spelling of each route is refused without credentials or 404.
 */
class AccessControlTest {

    static final Instant NIGHT = Instant.parse("2026-11-22T02:00:00Z");
    static final String KEY = "ops-dashboard-key-0123456789";
    static final String IAP_AUDIENCE = "/projects/123456/locations/europe-west1/services/report-function";

    @TempDir
    Path folder;
    ReportService service;
    Path bucket;

    @BeforeEach
    void start() throws Exception {
        bucket = Files.createDirectories(folder.resolve("bucket"));
        service = ReportService.start(bucket, new TestClock(NIGHT.plus(Duration.ofMinutes(10))), Map.of(
                "report.api-keys", "ops:" + KEY,
                "iap.audience", IAP_AUDIENCE,
                "iap.jwks-uri", ISSUER.jwksUri()));
    }

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void thePushAccountsTokenIsAcceptedAndTheRunRecorded() {
        RunSummary summary = summary("m-ok");
        HttpResponse<String> answer = service.pushWithToken(ISSUER.idToken(PUSH_ACCOUNT, PUSH_AUDIENCE),
                Topics.BATCH_COMPLETED, summary, "m-ok");
        assertThat(answer.getStatus().getCode()).isEqualTo(200);
        assertThat(service.history().findRun(summary.runId())).isPresent();
    }

    @Test
    void aForgedPushIsRefusedWith403AndNothingIsRecorded() {
        try (LocalOidcIssuer stranger = LocalOidcIssuer.start()) {
            Map<String, String> forgeries = new LinkedHashMap<>();
            forgeries.put("no token", null);
            forgeries.put("another identity", ISSUER.idToken("dashboard-viewer@example.com", PUSH_AUDIENCE));
            forgeries.put("another service's audience", ISSUER.idToken(PUSH_ACCOUNT, "https://batch.test/push"));
            forgeries.put("expired", ISSUER.idToken(PUSH_ACCOUNT, PUSH_AUDIENCE, Map.of(), Duration.ofMinutes(-5)));
            forgeries.put("wrong issuer", ISSUER.idToken(PUSH_ACCOUNT, PUSH_AUDIENCE,
                    Map.of("iss", "https://evil.example.com"), Duration.ofHours(1)));
            forgeries.put("unverified email", ISSUER.idToken(PUSH_ACCOUNT, PUSH_AUDIENCE,
                    Map.of("email_verified", false), Duration.ofHours(1)));
            forgeries.put("signed by another key", stranger.idToken(PUSH_ACCOUNT, PUSH_AUDIENCE));
            forgeries.put("not a JWT", "not-a-token");
            forgeries.put("an IAP assertion", ISSUER.iapAssertion(PUSH_ACCOUNT, PUSH_AUDIENCE));
            int n = 0;
            for (Map.Entry<String, String> forgery : forgeries.entrySet()) {
                RunSummary summary = summary("m-forged-" + n++);
                HttpResponse<String> answer = service.pushWithToken(forgery.getValue(), Topics.BATCH_COMPLETED,
                        summary, "m-forged-" + n);
                assertThat(answer.getStatus().getCode()).as(forgery.getKey() + ": " + answer.body()).isEqualTo(403);
                assertThat(answer.body()).as(forgery.getKey()).contains("\"reason\":\"push-unauthorized\"")
                        .contains("\"status\":403").contains("\"timestamp\"");
                assertThat(service.history().findRun(summary.runId())).as(forgery.getKey()).isEmpty();
            }
        }
    }

    @Test
    void anApiKeyOrAPersonCannotPush() {
        RunSummary summary = summary("m-key");
        HttpResponse<String> withKey = service.exchange(HttpRequest.POST("/push", "{}").header("X-API-Key", KEY)
                .contentType("application/json"));
        assertThat(withKey.getStatus().getCode()).isEqualTo(403);
        HttpResponse<String> person = service.exchange(HttpRequest.POST("/push", "{}")
                .header("x-goog-iap-jwt-assertion", ISSUER.iapAssertion("staff@example.com", IAP_AUDIENCE))
                .contentType("application/json"));
        assertThat(person.getStatus().getCode()).isEqualTo(403);
        assertThat(service.history().findRun(summary.runId())).isEmpty();
    }

    @Test
    void peopleSignedInThroughIapSeeTheDashboardAndTheApiButCannotResolveAlerts() {
        String assertion = ISSUER.iapAssertion("staff@example.com", IAP_AUDIENCE);
        HttpResponse<String> dashboard = service.exchange(HttpRequest.GET("/dashboard")
                .header("x-goog-iap-jwt-assertion", assertion));
        assertThat(dashboard.getStatus().getCode()).isEqualTo(200);
        assertThat(service.exchange(HttpRequest.GET("/runs").header("x-goog-iap-jwt-assertion", assertion))
                .getStatus().getCode()).isEqualTo(200);
        HttpResponse<String> resolve = service.exchange(HttpRequest.POST("/alerts/a-1/resolve", "{}")
                .contentType("application/json").header("x-goog-iap-jwt-assertion", assertion));
        assertThat(resolve.getStatus().getCode()).isEqualTo(403);
        assertThat(resolve.body()).contains("\"reason\":\"forbidden\"");
    }

    @Test
    void pagesNeedAValidIapAssertion() {
        HttpResponse<String> none = service.get("/dashboard");
        assertThat(none.getStatus().getCode()).isEqualTo(401);
        assertThat(none.body()).contains("Identity-Aware Proxy").contains("\"status\":401");
        assertThat(none.getHeaders().get("Location")).as("never a redirect").isNull();
        String otherAudience = ISSUER.iapAssertion("staff@example.com", "/projects/1/locations/x/services/other");
        assertThat(service.exchange(HttpRequest.GET("/dashboard").header("x-goog-iap-jwt-assertion", otherAudience))
                .getStatus().getCode()).isEqualTo(401);
        String rsaSigned = ISSUER.idToken("staff@example.com", IAP_AUDIENCE, Map.of("iss", LocalOidcIssuer.IAP_ISSUER),
                Duration.ofHours(1));
        assertThat(service.exchange(HttpRequest.GET("/dashboard").header("x-goog-iap-jwt-assertion", rsaSigned))
                .getStatus().getCode()).as("IAP signs with ES256 only").isEqualTo(401);
    }

    @Test
    void theApiNeedsAKeyAndHealthNeedsNothing() {
        HttpResponse<String> none = service.get("/runs");
        assertThat(none.getStatus().getCode()).isEqualTo(401);
        assertThat(none.body()).contains("X-API-Key").contains("\"reason\":\"unauthorized\"");
        HttpResponse<String> wrong = service.exchange(HttpRequest.GET("/runs").header("X-API-Key", "x".repeat(30)));
        assertThat(wrong.getStatus().getCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("not valid");
        assertThat(service.exchange(HttpRequest.GET("/runs").header("X-API-Key", KEY)).getStatus().getCode())
                .isEqualTo(200);
        assertThat(service.get("/health").getStatus().getCode()).isEqualTo(200);
        assertThat(service.get("/").getStatus().getCode()).isEqualTo(200);
    }

    @Test
    void noSpellingOfARouteIsServedWithoutCredentials() {
        URI server = URI.create(service.url());
        Map<String, String> seen = new LinkedHashMap<>();
        for (String route : List.of("/runs", "/alerts", "/health-report", "/reports/weekly", "/dashboard")) {
            for (String spelling : RawHttp.spellingsOf(route)) {
                RawHttp.Response anonymous = RawHttp.send(server, "GET", spelling, Map.of(), new byte[0]);
                RawHttp.Response keyed = RawHttp.send(server, "GET", spelling, Map.of(
                        "x-goog-iap-jwt-assertion", ISSUER.iapAssertion("staff@example.com", IAP_AUDIENCE)), new byte[0]);
                seen.put("GET " + spelling, anonymous.status() + " without credentials, " + keyed.status() + " with");
                assertThat(anonymous.status()).as("GET " + spelling + ": " + anonymous.body()).isIn(400, 401, 404);
                if (anonymous.status() == 401) {
                    assertThat(keyed.status()).as("GET " + spelling + " with credentials: " + keyed.body())
                            .isNotIn(401, 403);
                }
            }
        }
        String envelope = "{\"message\":{\"data\":\"e30=\",\"messageId\":\"1\",\"attributes\":{}},\"subscription\":"
                + "\"projects/return-sorter-test/subscriptions/batch-completed\"}";
        for (String spelling : RawHttp.spellingsOf("/push")) {
            RawHttp.Response anonymous = RawHttp.send(server, "POST", spelling, Map.of("Content-Type", "application/json"),
                    envelope.getBytes());
            seen.put("POST " + spelling, anonymous.status() + " without a token");
            assertThat(anonymous.status()).as("POST " + spelling + ": " + anonymous.body()).isIn(400, 403, 404);
        }
        seen.forEach((spelling, statuses) -> System.out.printf("PATH-SPELLING report %-28s %s%n", spelling, statuses));
        assertThat(seen.get("GET /runs/")).startsWith("401");
        assertThat(seen.get("POST /push/")).startsWith("403");
    }

    @Test
    void inOpenModeATokenOrAnAssertionStillDecidesWhoTheCallerIs() {
        // No API keys: everyone gets the API role, and that must never shadow a push token or an IAP assertion.
        try (ReportService open = ReportService.start(bucket, new TestClock(NIGHT.plus(Duration.ofMinutes(10))), Map.of(
                "iap.audience", IAP_AUDIENCE, "iap.jwks-uri", ISSUER.jwksUri()))) {
            for (int i = 0; i < 20; i++) {
                RunSummary summary = summary("m-open-" + i);
                assertThat(open.push(Topics.BATCH_COMPLETED, summary, "m-open-" + i)).as("push " + i).isEqualTo(200);
                assertThat(open.exchange(HttpRequest.GET("/dashboard").header("x-goog-iap-jwt-assertion",
                        ISSUER.iapAssertion("staff@example.com", IAP_AUDIENCE))).getStatus().getCode())
                        .as("dashboard " + i).isEqualTo(200);
            }
            assertThat(open.get("/runs").getStatus().getCode()).as("open API").isEqualTo(200);
            assertThat(open.get("/dashboard").getStatus().getCode()).as("pages still need IAP").isEqualTo(401);
        }
    }

    private RunSummary summary(String messageId) {
        RunSummary summary = Runs.summary(NIGHT, messageId, 3, 1, 0, 0, 12.0, RunStatus.SUCCESS);
        Runs.writeReports(bucket, summary);
        return summary;
    }
}
