package com.returnsorter.batch.api;

import com.returnsorter.batch.BatchConfiguration;
import com.returnsorter.service.access.ApiKeys;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;

/**
 * The runs API's keys, from {@code batch.api-keys} ({@code BATCH_API_KEYS}); created at start-up so an
 * invalid list stops the service before it answers anything.
 */
// Only in this service: another service's tests put this module's classes on their classpath.
@Requires(property = "micronaut.application.name", value = "batch-trigger-function")
@Factory
class AccessFactory {

    @Context
    ApiKeys apiKeys(BatchConfiguration configuration) {
        return new ApiKeys("BATCH_API_KEYS", configuration.apiKeys());
    }
}
