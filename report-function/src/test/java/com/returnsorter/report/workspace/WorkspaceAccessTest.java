package com.returnsorter.report.workspace;

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
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.returnsorter.report.support.ReportService.ISSUER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Behind Identity-Aware Proxy the person deciding is the assertion's e-mail, and nobody without an
 * assertion sees a photo or moves one; programs with an API key read the exports but cannot decide.
 */
class WorkspaceAccessTest {

    static final Instant NIGHT = Instant.parse("2026-10-13T02:00:00Z");
    static final String KEY = "inventory-export-key-0123456789";
    static final String IAP_AUDIENCE = "/projects/123456/locations/europe-west1/services/report-function";

    @TempDir
    Path folder;
    ReportService service;
    Path bucket;

    @BeforeEach
    void start() throws Exception {
        bucket = Files.createDirectories(folder.resolve("bucket"));
        service = ReportService.start(bucket, new TestClock(NIGHT.plusSeconds(7 * 3600)), Map.of(
                "report.api-keys", "inventory:" + KEY,
                "iap.audience", IAP_AUDIENCE,
                "iap.jwks-uri", ISSUER.jwksUri()));
        new Night(bucket, "20261013_020000_abcdef", NIGHT)
                .review("return_20261013_002.jpg", "Coat", 0.52, "Pullover")
                .record(service.history());
    }

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void theDeciderIsThePersonIapSignedIn() {
        String assertion = ISSUER.iapAssertion("clerk@returns.example", IAP_AUDIENCE);
        HttpResponse<String> answer = service.exchange(HttpRequest.POST("/review/decisions",
                        Map.of("object", "review/Coat/return_20261013_002.jpg", "decision", "approve"))
                .header("x-goog-iap-jwt-assertion", assertion));

        assertThat(answer.getStatus().getCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"decidedBy\":\"clerk@returns.example\"");
        assertThat(service.exchange(HttpRequest.GET("/review").header("x-goog-iap-jwt-assertion", assertion))
                .getStatus().getCode()).isEqualTo(200);
    }

    @Test
    void withoutAnAssertionNoPageOrPhotoIsShownAndNothingMoves() {
        for (String path : List.of("/review", "/upload", "/photos/review/Coat/return_20261013_002.jpg", "/assets/review.js")) {
            assertThat(service.get(path).getStatus().getCode()).as(path).isEqualTo(401);
        }
        HttpResponse<String> decide = service.exchange(HttpRequest.POST("/review/decisions",
                Map.of("object", "review/Coat/return_20261013_002.jpg", "decision", "reject")));
        assertThat(decide.getStatus().getCode()).isEqualTo(401);
        HttpResponse<String> withKey = service.exchange(HttpRequest.POST("/review/decisions",
                Map.of("object", "review/Coat/return_20261013_002.jpg", "decision", "reject")).header("X-API-Key", KEY));
        assertThat(withKey.getStatus().getCode()).as("an API key is no person").isEqualTo(403);
        assertThat(Night.copiesOf(bucket, "return_20261013_002.jpg")).containsExactly("review/Coat/return_20261013_002.jpg");
    }

    @Test
    void theInventorySystemReadsTheExportsWithItsKey() {
        assertThat(service.exchange(HttpRequest.GET("/picklists?date=2026-10-13&format=csv").header("X-API-Key", KEY))
                .getStatus().getCode()).isEqualTo(200);
        assertThat(service.exchange(HttpRequest.GET("/decisions?format=csv").header("X-API-Key", KEY))
                .getStatus().getCode()).isEqualTo(200);
        assertThat(service.exchange(HttpRequest.GET("/returns/RET-20261013-002").accept("application/json")
                .header("X-API-Key", KEY)).body()).contains("\"status\":\"awaiting review\"");
        assertThat(service.get("/decisions?format=csv").getStatus().getCode()).isEqualTo(401);
    }
}
