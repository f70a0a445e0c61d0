package com.returnsorter.service.health;

import com.returnsorter.storage.ObjectStore;
import io.micronaut.context.annotation.Requires;
import io.micronaut.management.health.indicator.annotation.Readiness;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.concurrent.ExecutorService;

/** The returns bucket (or the local directory) answers a one-object listing. */
@Singleton
@Readiness
@Requires(beans = ObjectStore.class)
@Requires(property = "endpoints.health.enabled", notEquals = "false")
public class ObjectStoreHealthIndicator extends DependencyHealthIndicator {

    private final ObjectStore store;

    public ObjectStoreHealthIndicator(ObjectStore store, @Named(TaskExecutors.BLOCKING) ExecutorService executor) {
        super("objectStore", executor);
        this.store = store;
    }

    @Override
    protected Map<String, Object> check() {
        store.list("", null, 1);
        return Map.of();
    }

    @Override
    protected String location() {
        return store.describe();
    }
}
