package com.returnsorter.report.history;

import com.returnsorter.service.health.DependencyHealthIndicator;
import io.micronaut.context.BeanProvider;
import io.micronaut.management.health.indicator.annotation.Readiness;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.concurrent.ExecutorService;

/** The run history (Firestore on Cloud Run, SQLite locally) answers a read of one document. */
@Singleton
@Readiness
public class HistoryHealthIndicator extends DependencyHealthIndicator {

    private final BeanProvider<HistoryStore> history;
    private final HistoryConfiguration configuration;

    public HistoryHealthIndicator(BeanProvider<HistoryStore> history, HistoryConfiguration configuration,
                                  @Named(TaskExecutors.BLOCKING) ExecutorService executor) {
        super("history", executor);
        this.history = history;
        this.configuration = configuration;
    }

    @Override
    protected Map<String, Object> check() {
        return Map.of("store", history.get().checkReachable());
    }

    @Override
    protected String location() {
        return configuration.kind();
    }
}
