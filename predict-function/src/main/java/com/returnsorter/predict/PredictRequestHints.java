package com.returnsorter.predict;

import com.returnsorter.service.api.RequestHints;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

import java.util.Optional;

/** What to send to {@code /predict} and {@code /predict_batch}, quoted in 400/415 errors. */
@Singleton
class PredictRequestHints implements RequestHints {

    @Override
    public Optional<String> whatToSend(HttpRequest<?> request) {
        return Optional.of(request.getPath().startsWith("/predict_batch")
                ? "send multipart/form-data with up to 50 'files' parts"
                : "send multipart/form-data with a 'file' part, an image body (image/jpeg, image/png …), or JSON {\"object\": \"<key>\"}");
    }
}
