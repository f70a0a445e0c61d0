package com.returnsorter.predict;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** API keys and per-key rate limits: 401 without a valid key, 429 with Retry-After over the limit, internal keys unlimited. */
@MicronautTest
@Property(name = "predict.api-keys", value = "store-app:store-app-key-0123456789,night-batch:batch-key-0123456789abcdef:internal,kiosk:kiosk-key-0123456789ab")
@Property(name = "predict.rate-limit.predict-per-hour", value = "3")
@Property(name = "predict.rate-limit.batch-per-hour", value = "1")
class AccessControlTest extends PredictServiceTest {

    @Test
    void missingKeyIsUnauthorized() {
        HttpClientResponseException e = error(predict(null));
        assertThat(e.getStatus().getCode()).isEqualTo(401);
        assertThat(e.getResponse().getBody(JSON).orElseThrow()).containsEntry("reason", "unauthorized");
    }

    @Test
    void wrongKeyIsUnauthorized() {
        assertThat(error(predict("store-app-key-0123456789-wrong")).getStatus().getCode()).isEqualTo(401);
    }

    @Test
    void healthAndClassesNeedNoKey() {
        assertThat(http.toBlocking().exchange(HttpRequest.GET("/health")).code()).isEqualTo(200);
        assertThat(http.toBlocking().exchange(HttpRequest.GET("/classes")).code()).isEqualTo(200);
    }

    @Test
    void tooManyRequestsForOneKeyGet429WithRetryAfter() {
        for (int i = 0; i < 3; i++) {
            assertThat(http.toBlocking().exchange(predict("store-app-key-0123456789"), JSON).code()).isEqualTo(200);
        }
        HttpClientResponseException e = error(predict("store-app-key-0123456789"));
        assertThat(e.getStatus().getCode()).isEqualTo(429);
        long retryAfter = Long.parseLong(e.getResponse().getHeaders().get("Retry-After"));
        // 3 per hour refill one request every 20 minutes.
        assertThat(retryAfter).isBetween(1L, 1200L);
        assertThat(e.getResponse().getBody(JSON).orElseThrow()).containsEntry("reason", "rate-limited").containsEntry("status", 429);
    }

    @Test
    void limitsArePerKey() {
        for (int i = 0; i < 3; i++) {
            http.toBlocking().exchange(predict("kiosk-key-0123456789ab"), JSON);
        }
        assertThat(error(predict("kiosk-key-0123456789ab")).getStatus().getCode()).isEqualTo(429);
        // Another key still has its own allowance (this test class's other keys are separate buckets).
        assertThat(http.toBlocking().exchange(predict("batch-key-0123456789abcdef"), JSON).code()).isEqualTo(200);
    }

    @Test
    void internalKeysAreNotLimited() {
        for (int i = 0; i < 8; i++) {
            assertThat(http.toBlocking().exchange(predict("batch-key-0123456789abcdef"), JSON).code()).isEqualTo(200);
        }
    }

    private static HttpRequest<?> predict(String key) {
        byte[] photo = TestData.firstOf("png").bytes();
        var request = HttpRequest.POST("/predict", photo).contentType(MediaType.IMAGE_PNG_TYPE);
        return key == null ? request : request.header("X-API-Key", key);
    }

    private HttpClientResponseException error(HttpRequest<?> request) {
        HttpClientResponseException e = catchThrowableOfType(HttpClientResponseException.class,
                () -> http.toBlocking().exchange(request, JSON));
        assertThat(e).as("expected an error response").isNotNull();
        return e;
    }
}
