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
    void clientsAreToldApartByTheAddressGooglesFrontEndAppends() {
        // Cloud Run's front end appends the address it received the request from: the last entry.
        for (String client : new String[] {"203.0.113.10", "203.0.113.11"}) {
            HttpRequest<?> predict = predictFrom("198.51.100.7, " + client);
            assertThat(http.toBlocking().exchange(predict, JSON).code()).isEqualTo(200);
            assertThat(http.toBlocking().exchange(predict, JSON).code()).isEqualTo(200);
            assertThat(status(predict)).as(client).isEqualTo(429);
        }
    }

    @Test
    void spoofedForwardedForEntriesDoNotBuyANewAllowance() {
        // The client writes whatever it likes before the real address; each request claims another origin.
        String real = "203.0.113.20";
        assertThat(http.toBlocking().exchange(predictFrom("10.0.0.1, " + real), JSON).code()).isEqualTo(200);
        assertThat(http.toBlocking().exchange(predictFrom("10.0.0.2," + real), JSON).code()).isEqualTo(200);
        assertThat(status(predictFrom("10.0.0.3, 10.0.0.4, " + real))).isEqualTo(429);
        // Split over two headers, the entries still form one list whose last entry is the real one.
        HttpRequest<?> twoHeaders = HttpRequest.POST("/predict", TestData.firstOf("png").bytes())
                .contentType(MediaType.IMAGE_PNG_TYPE).header("X-Forwarded-For", "10.0.0.5")
                .header("X-Forwarded-For", real);
        assertThat(status(twoHeaders)).isEqualTo(429);
    }

    @Test
    void aTrailingSlashIsTheSameRouteAndTheSameAllowance() {
        HttpRequest<?> plain = predictFrom("203.0.113.30");
        HttpRequest<?> slash = HttpRequest.POST("/predict/", TestData.firstOf("png").bytes())
                .contentType(MediaType.IMAGE_PNG_TYPE).header("X-Forwarded-For", "203.0.113.30");
        assertThat(http.toBlocking().exchange(plain, JSON).code()).isEqualTo(200);
        assertThat(http.toBlocking().exchange(slash, JSON).code()).isEqualTo(200);
        assertThat(status(slash)).isEqualTo(429);
        assertThat(status(plain)).isEqualTo(429);
    }

    private static HttpRequest<?> predictFrom(String forwardedFor) {
        return HttpRequest.POST("/predict", TestData.firstOf("png").bytes()).contentType(MediaType.IMAGE_PNG_TYPE)
                .header("X-Forwarded-For", forwardedFor);
    }

    private int status(HttpRequest<?> request) {
        HttpClientResponseException e = catchThrowableOfType(HttpClientResponseException.class,
                () -> http.toBlocking().exchange(request, JSON));
        return e == null ? 200 : e.getStatus().getCode();
    }
}
