package com.returnsorter.predict;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Uploads beyond the in-memory body budget are refused with 503 and Retry-After, and the budget comes back. */
@MicronautTest
@Property(name = "predict.in-flight-body-budget-mb", value = "1")
@Property(name = "predict.rate-limit.enabled", value = "false")
class AdmissionTest extends PredictServiceTest {

    @Test
    void bodyLargerThanTheBudgetIsRefusedAndTheBudgetIsReturnedAfterEachRequest() throws Exception {
        // A declared length over the 1 MB budget (Micronaut's client sends byte[] bodies with Content-Length).
        byte[] twoMegabytes = new byte[2 * 1024 * 1024];
        HttpClientResponseException busy = catchThrowableOfType(HttpClientResponseException.class,
                () -> http.toBlocking().exchange(HttpRequest.POST("/predict", twoMegabytes).contentType(MediaType.IMAGE_JPEG_TYPE), JSON));
        assertThat(busy.getStatus().getCode()).isEqualTo(503);
        assertThat(busy.getResponse().getHeaders().get("Retry-After")).isEqualTo("1");
        assertThat(busy.getResponse().getBody(JSON).orElseThrow()).containsEntry("reason", "busy");

        // Requests that fit, successful or not, hand their reservation back: many in a row all pass.
        byte[] photo = TestData.firstOf("png").bytes();
        for (int i = 0; i < 20; i++) {
            assertThat(http.toBlocking().exchange(HttpRequest.POST("/predict", photo).contentType(MediaType.IMAGE_PNG_TYPE), JSON).code())
                    .isEqualTo(200);
            HttpClientResponseException rejected = catchThrowableOfType(HttpClientResponseException.class,
                    () -> http.toBlocking().exchange(HttpRequest.POST("/predict", "not an image".getBytes())
                            .contentType(MediaType.IMAGE_JPEG_TYPE), JSON));
            assertThat(rejected.getStatus().getCode()).isEqualTo(400);
        }
    }
}
