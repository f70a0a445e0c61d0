package com.returnsorter.predict;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.client.multipart.MultipartBody;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Without API keys the limits apply per client address, separately for /predict and /predict_batch. */
@MicronautTest
@Property(name = "predict.rate-limit.predict-per-hour", value = "2")
@Property(name = "predict.rate-limit.batch-per-hour", value = "1")
class OpenApiRateLimitTest extends PredictServiceTest {

    @Test
    void eachEndpointHasItsOwnHourlyAllowancePerAddress() throws Exception {
        byte[] photo = TestData.firstOf("png").bytes();
        HttpRequest<?> predict = HttpRequest.POST("/predict", photo).contentType(MediaType.IMAGE_PNG_TYPE);
        assertThat(http.toBlocking().exchange(predict, JSON).code()).isEqualTo(200);
        assertThat(http.toBlocking().exchange(predict, JSON).code()).isEqualTo(200);
        HttpClientResponseException limited = catchThrowableOfType(HttpClientResponseException.class,
                () -> http.toBlocking().exchange(predict, JSON));
        assertThat(limited.getStatus().getCode()).isEqualTo(429);
        assertThat(limited.getResponse().getHeaders().get("Retry-After")).isNotBlank();

        MultipartBody batch = MultipartBody.builder().addPart("files", "a.png", MediaType.IMAGE_PNG_TYPE, photo).build();
        HttpRequest<?> batchRequest = HttpRequest.POST("/predict_batch", batch).contentType(MediaType.MULTIPART_FORM_DATA_TYPE);
        assertThat(http.toBlocking().exchange(batchRequest, JSON).code()).isEqualTo(200);
        HttpClientResponseException batchLimited = catchThrowableOfType(HttpClientResponseException.class,
                () -> http.toBlocking().exchange(batchRequest, JSON));
        assertThat(batchLimited.getStatus().getCode()).isEqualTo(429);
    }

    @Test
    void clientsBehindTheLoadBalancerAreToldApartByForwardedFor() throws Exception {
        byte[] photo = TestData.firstOf("png").bytes();
        for (String client : new String[] {"203.0.113.10", "203.0.113.11"}) {
            HttpRequest<?> predict = HttpRequest.POST("/predict", photo).contentType(MediaType.IMAGE_PNG_TYPE)
                    .header("X-Forwarded-For", client + ", 169.254.1.1");
            assertThat(http.toBlocking().exchange(predict, JSON).code()).isEqualTo(200);
            assertThat(http.toBlocking().exchange(predict, JSON).code()).isEqualTo(200);
            HttpClientResponseException limited = catchThrowableOfType(HttpClientResponseException.class,
                    () -> http.toBlocking().exchange(predict, JSON));
            assertThat(limited.getStatus().getCode()).as(client).isEqualTo(429);
        }
    }
}
