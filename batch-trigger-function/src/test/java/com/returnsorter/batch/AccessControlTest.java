package com.returnsorter.batch;

import com.returnsorter.batch.run.RunEngine;
import com.returnsorter.batch.support.BatchService;
import com.returnsorter.batch.support.Bucket;
import com.returnsorter.batch.support.PushSink;
import com.returnsorter.events.BatchTrigger;
import com.returnsorter.events.RunIds;
import com.returnsorter.testing.LocalOidcIssuer;
import com.returnsorter.testing.RawHttp;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batch service as deployed: the runs API needs a key, {@code /push} only the push account's
 * OIDC token for this service's audience. A forged trigger starts no run and moves no photo.
 */
class AccessControlTest {

    static final String PUSH_ACCOUNT = "pubsub-push@return-sorter-test.iam.gserviceaccount.com";
    static final String AUDIENCE = "https://batch-trigger-function.test/push";
    static final String KEY = "scheduler-key-0123456789";

    static LocalOidcIssuer issuer;
    final Bucket bucket = Bucket.shared();
    PushSink completed;
    BatchService batch;

    @BeforeAll
    static void startIssuer() {
        issuer = LocalOidcIssuer.start();
    }

    @AfterAll
    static void stopIssuer() {
        issuer.close();
    }

    @BeforeEach
    void start() throws Exception {
        bucket.wipe();
        completed = new PushSink();
        batch = BatchService.start(Map.of(
                "messaging.completed-push-url", completed.pushUrl().toString(),
                "batch.api-keys", "scheduler:" + KEY,
                "push.auth.service-account", PUSH_ACCOUNT,
                "push.auth.audience", AUDIENCE,
                "push.auth.jwks-uri", issuer.jwksUri()));
    }

    @AfterEach
    void stop() {
        batch.close();
        completed.close();
    }

    @Test
    void thePushAccountsTriggerStartsARun() {
        bucket.putSamples(3);
        Instant published = Instant.now();
        HttpResponse<String> answer = batch.pushWithToken(issuer.idToken(PUSH_ACCOUNT, AUDIENCE),
                BatchTrigger.scheduled(published), "genuine", published);
        assertThat(answer.getStatus().getCode()).as(answer.body()).isEqualTo(200);
        assertThat(engine().find(RunIds.of(published, "genuine"))).isPresent();
    }

    @Test
    void aForgedTriggerIsRefusedWith403AndStartsNoRun() {
        List<String> photos = bucket.putSamples(3);
        try (LocalOidcIssuer stranger = LocalOidcIssuer.start()) {
            Map<String, String> forgeries = new LinkedHashMap<>();
            forgeries.put("no token", null);
            forgeries.put("another identity", issuer.idToken("someone@example.com", AUDIENCE));
            forgeries.put("another service's audience", issuer.idToken(PUSH_ACCOUNT, "https://report-function.test/push"));
            forgeries.put("expired", issuer.idToken(PUSH_ACCOUNT, AUDIENCE, Map.of(), Duration.ofMinutes(-5)));
            forgeries.put("wrong issuer", issuer.idToken(PUSH_ACCOUNT, AUDIENCE, Map.of("iss", "https://evil.example.com"),
                    Duration.ofHours(1)));
            forgeries.put("bad signature", stranger.idToken(PUSH_ACCOUNT, AUDIENCE));
            int n = 0;
            for (Map.Entry<String, String> forgery : forgeries.entrySet()) {
                Instant published = Instant.now();
                String messageId = "forged-" + n++;
                HttpResponse<String> answer = batch.pushWithToken(forgery.getValue(), BatchTrigger.scheduled(published),
                        messageId, published);
                assertThat(answer.getStatus().getCode()).as(forgery.getKey() + ": " + answer.body()).isEqualTo(403);
                assertThat(answer.body()).as(forgery.getKey()).contains("\"reason\":\"push-unauthorized\"");
                assertThat(engine().find(RunIds.of(published, messageId))).as(forgery.getKey()).isEmpty();
            }
        }
        assertThat(bucket.keys("incoming/")).containsExactlyInAnyOrderElementsOf(
                photos.stream().map(name -> "incoming/" + name).toList());
        assertThat(completed.bodies()).isEmpty();
    }

    @Test
    void theRunsApiNeedsAKeyAndAPushTokenIsNotOne() {
        assertThat(batch.exchange(HttpRequest.GET("/runs/20261122_020000_ab12cd")).getStatus().getCode()).isEqualTo(401);
        HttpResponse<String> pushToken = batch.exchange(HttpRequest.GET("/runs/20261122_020000_ab12cd")
                .bearerAuth(issuer.idToken(PUSH_ACCOUNT, AUDIENCE)));
        assertThat(pushToken.getStatus().getCode()).isEqualTo(401);
        assertThat(batch.exchange(HttpRequest.GET("/runs/20261122_020000_ab12cd").header("X-API-Key", KEY))
                .getStatus().getCode()).isEqualTo(404);
        HttpResponse<String> keyOnPush = batch.exchange(HttpRequest.POST("/push", "{}").contentType("application/json")
                .header("X-API-Key", KEY));
        assertThat(keyOnPush.getStatus().getCode()).isEqualTo(403);
    }

    @Test
    void noSpellingOfARouteIsServedWithoutCredentials() {
        Map<String, String> seen = new LinkedHashMap<>();
        for (String spelling : RawHttp.spellingsOf("/runs")) {
            RawHttp.Response anonymous = RawHttp.send(batch.url(), "POST", spelling,
                    Map.of("Content-Type", "application/json"), "{\"dryRun\":true}".getBytes());
            seen.put("POST " + spelling, String.valueOf(anonymous.status()));
            assertThat(anonymous.status()).as("POST " + spelling + ": " + anonymous.body()).isIn(400, 401, 404, 405);
            assertThat(anonymous.body()).doesNotContain("runId");
        }
        for (String spelling : RawHttp.spellingsOf("/runs/20261122_020000_ab12cd")) {
            RawHttp.Response anonymous = RawHttp.send(batch.url(), "GET", spelling, Map.of(), new byte[0]);
            RawHttp.Response keyed = RawHttp.send(batch.url(), "GET", spelling, Map.of("X-API-Key", KEY), new byte[0]);
            seen.put("GET " + spelling, anonymous.status() + " without key, " + keyed.status() + " with");
            assertThat(anonymous.status()).as("GET " + spelling + ": " + anonymous.body()).isIn(400, 401, 404);
        }
        for (String spelling : RawHttp.spellingsOf("/push")) {
            RawHttp.Response anonymous = RawHttp.send(batch.url(), "POST", spelling,
                    Map.of("Content-Type", "application/json"), "{\"message\":{\"data\":\"e30=\",\"messageId\":\"x\"},\"subscription\":\"projects/p/subscriptions/batch-trigger\"}".getBytes());
            seen.put("POST " + spelling + " (push)", String.valueOf(anonymous.status()));
            assertThat(anonymous.status()).as("POST " + spelling + ": " + anonymous.body()).isIn(400, 403, 404);
        }
        seen.forEach((spelling, statuses) -> System.out.printf("PATH-SPELLING batch %-44s %s%n", spelling, statuses));
        assertThat(seen.get("POST /runs/")).isEqualTo("401");
        assertThat(seen.get("POST /push/ (push)")).isEqualTo("403");
        assertThat(engine().find("anything")).isEmpty();
    }

    private RunEngine engine() {
        return batch.context().getBean(RunEngine.class);
    }
}
