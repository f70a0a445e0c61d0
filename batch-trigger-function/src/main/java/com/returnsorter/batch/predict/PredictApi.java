package com.returnsorter.batch.predict;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.client.annotation.Client;

/**
 * The predict function's HTTP API, as far as the batch uses it. Its URL is
 * {@code micronaut.http.services.predict.url} ({@code PREDICT_URL}); on Cloud Run {@link IdentityTokenFilter}
 * adds an identity token for it. Any non-2xx answer raises
 * {@link io.micronaut.http.client.exceptions.HttpClientResponseException}; {@link PredictGateway}
 * turns those into outcomes.
 */
@Client(id = "predict")
public interface PredictApi {

    /** Classifies a stored photo by reference: the predict function reads it from its own store. */
    @Post("/predict")
    PredictionResult predict(@Body ObjectReference object, @Nullable @Header("X-API-Key") String apiKey);

    /** 200 once the model is loaded, 503 before. */
    @Get("/health")
    String health();
}
