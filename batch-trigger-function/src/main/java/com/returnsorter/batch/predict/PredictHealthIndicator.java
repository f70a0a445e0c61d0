package com.returnsorter.batch.predict;

import com.returnsorter.service.health.DependencyHealthIndicator;
import io.micronaut.context.annotation.Value;
import io.micronaut.management.health.indicator.annotation.Readiness;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * The predict function answers its {@code /health} with 200 (model loaded), through the same client,
 * identity token and URL the nightly run uses.
 */
@Singleton
@Readiness
public class PredictHealthIndicator extends DependencyHealthIndicator {

    private final PredictApi api;
    private final String url;

    public PredictHealthIndicator(PredictApi api, @Value("${micronaut.http.services.predict.url}") String url,
                                  @Named(TaskExecutors.BLOCKING) ExecutorService executor) {
        super("predict", executor);
        this.api = api;
        this.url = url;
    }

    @Override
    protected Map<String, Object> check() {
        api.health();
        return Map.of();
    }

    @Override
    protected String location() {
        return url;
    }
}
