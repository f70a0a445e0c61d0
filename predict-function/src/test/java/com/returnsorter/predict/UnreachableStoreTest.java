package com.returnsorter.predict;

import com.google.api.gax.retrying.RetrySettings;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * With a Cloud Storage endpoint that does not answer (a real client, pointed at a closed port),
 * {@code /health} does not say healthy — object requests would fail — and the object request's
 * error names neither the bucket nor the endpoint. Uploads still work.
 */
@MicronautTest
@Property(name = "spec.name", value = "UnreachableStoreTest")
@Property(name = "storage.kind", value = "gcs")
@Property(name = "storage.bucket", value = "returns-secret-bucket")
@Property(name = "predict.rate-limit.enabled", value = "false")
class UnreachableStoreTest extends PredictServiceTest {

    @Test
    void healthIsDegradedAndObjectRequestsSay503WithoutNamingTheStore() {
        HttpClientResponseException health = catchThrowableOfType(HttpClientResponseException.class,
                () -> http.toBlocking().exchange(HttpRequest.GET("/health"), JSON));
        assertThat(health.getStatus().getCode()).isEqualTo(503);
        Map<String, Object> body = health.getResponse().getBody(JSON).orElseThrow();
        assertThat(body).containsEntry("status", "degraded").containsEntry("store", "unreachable")
                .containsEntry("model_loaded", true);

        HttpClientResponseException object = catchThrowableOfType(HttpClientResponseException.class,
                () -> http.toBlocking().exchange(HttpRequest.POST("/predict", Map.of("object", "incoming/photo.jpg")), JSON));
        assertThat(object.getStatus().getCode()).isEqualTo(503);
        String answer = object.getResponse().getBody(String.class).orElseThrow();
        assertThat(answer).contains("store-unavailable").doesNotContain("returns-secret-bucket", "127.0.0.1", "gs://");

        byte[] photo = TestData.firstOf("png").bytes();
        assertThat(http.toBlocking().exchange(HttpRequest.POST("/predict", photo).contentType(MediaType.IMAGE_PNG_TYPE), JSON)
                .code()).isEqualTo(200);
    }

    /** A Cloud Storage client for a port nobody listens on, failing at the first attempt. */
    @Factory
    @Requires(property = "spec.name", value = "UnreachableStoreTest")
    static class ClosedPortStorage {
        @Singleton
        @Bean(preDestroy = "close")
        Storage storage() {
            return StorageOptions.newBuilder()
                    .setHost("http://127.0.0.1:" + io.micronaut.core.io.socket.SocketUtils.findAvailableTcpPort())
                    .setProjectId("test-project")
                    .setCredentials(NoCredentials.getInstance())
                    .setRetrySettings(RetrySettings.newBuilder().setMaxAttempts(1).build())
                    .build().getService();
        }
    }
}
