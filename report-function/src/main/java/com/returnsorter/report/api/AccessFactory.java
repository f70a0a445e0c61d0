package com.returnsorter.report.api;

import com.returnsorter.report.ReportConfiguration;
import com.returnsorter.service.access.ApiKeys;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;

/**
 * The read API's keys, from {@code report.api-keys} ({@code REPORT_API_KEYS}); created at start-up so an
 * invalid list stops the service before it answers anything.
 */
// Only in this service: another service's tests put this module's classes on their classpath.
@Requires(property = "micronaut.application.name", value = "report-function")
@Factory
class AccessFactory {

    @Context
    ApiKeys apiKeys(ReportConfiguration configuration) {
        return new ApiKeys("REPORT_API_KEYS", configuration.apiKeys());
    }
}
