package com.returnsorter.predict.access;

import com.returnsorter.predict.PredictConfiguration;
import com.returnsorter.service.access.ApiKeys;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The predict API's keys, from {@code predict.api-keys} ({@code PREDICT_API_KEYS}). */
@Factory
class AccessFactory {

    @Singleton
    ApiKeys apiKeys(PredictConfiguration configuration) {
        return new ApiKeys(configuration.apiKeys());
    }
}
