package com.returnsorter.service.health;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Readiness of one real dependency (the bucket, Firestore, the predict function): a cheap call to it,
 * on a blocking thread, given {@link #TIMEOUT} to answer. Anything but an answer is DOWN with the
 * reason, so {@code /health} and {@code /health/readiness} answer 503. Liveness does not include these
 * (Micronaut's {@code @Liveness} indicators only): a dependency that is down is no reason to restart.
 */
public abstract class DependencyHealthIndicator implements HealthIndicator {

    /** Below the 2 s…5 s a probe or uptime check waits. */
    public static final Duration TIMEOUT = Duration.ofSeconds(4);

    private static final Logger LOG = LoggerFactory.getLogger(DependencyHealthIndicator.class);

    private final String name;
    private final ExecutorService executor;

    protected DependencyHealthIndicator(String name, ExecutorService executor) {
        this.name = name;
        this.executor = executor;
    }

    /**
     * Calls the dependency once; returns details to show (where it is), throws when it did not answer.
     */
    protected abstract Map<String, Object> check() throws Exception;

    /** Where the dependency is, shown with a DOWN result too. */
    protected abstract String location();

    @Override
    public Publisher<HealthResult> getResult() {
        CompletableFuture<HealthResult> result = CompletableFuture.supplyAsync(this::probe, executor)
                .orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionally(failure -> down(failure instanceof TimeoutException
                        ? "no answer within " + TIMEOUT.toSeconds() + " s" : String.valueOf(failure.getMessage())));
        return Publishers.fromCompletableFuture(result);
    }

    private HealthResult probe() {
        try {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("location", location());
            details.putAll(check());
            return HealthResult.builder(name, HealthStatus.UP).details(details).build();
        } catch (Exception e) {
            return down(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private HealthResult down(String reason) {
        LOG.warn("{} is not ready: {}", name, reason);
        return HealthResult.builder(name, HealthStatus.DOWN)
                .details(Map.of("location", location(), "error", reason)).build();
    }
}
