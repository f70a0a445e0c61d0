package com.returnsorter.predict.access;

import com.returnsorter.predict.PredictConfiguration;
import com.returnsorter.service.access.ApiKeys;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;

/**
 * The predict API's keys, from {@code predict.api-keys} ({@code PREDICT_API_KEYS}); created at start-up
 * so an invalid list stops the service before it answers anything.
 */
// Only in this service: another service's tests put this module's classes on their classpath.
@Requires(property = "micronaut.application.name", value = "predict-function")
@Factory
class AccessFactory {

    @Context
    ApiKeys apiKeys(PredictConfiguration configuration) {
        return new ApiKeys("PREDICT_API_KEYS", configuration.apiKeys());
    }
}
