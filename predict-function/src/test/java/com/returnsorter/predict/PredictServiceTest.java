package com.returnsorter.predict;

import com.returnsorter.inference.ModelManager;
import io.micronaut.core.type.Argument;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.util.Map;

/** What every test of the running service needs: a client, the JSON body type, and a loaded model. */
abstract class PredictServiceTest {

    static final Argument<Map<String, Object>> JSON = Argument.mapOf(String.class, Object.class);

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    ModelManager models;

    @BeforeEach
    void modelIsReady() throws Exception {
        models.awaitReady(Duration.ofSeconds(60));
    }
}
