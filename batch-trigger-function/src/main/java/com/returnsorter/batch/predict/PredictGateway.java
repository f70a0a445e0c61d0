package com.returnsorter.batch.predict;

import com.returnsorter.service.api.ApiError;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.client.exceptions.ReadTimeoutException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Asks the predict function about one stored photo, with the retry policy of the nightly run:
 * timeouts, connection failures, 5xx and 429 are retried with exponential backoff and jitter
 * (honouring {@code Retry-After} up to the backoff cap); 4xx answers are final and never retried.
 */
@Singleton
public class PredictGateway {

    private static final Logger LOG = LoggerFactory.getLogger(PredictGateway.class);

    /** Reasons the predict function gives for a photo it cannot decode: the photo goes to {@code rejected/}. */
    private static final Set<String> REJECTION_REASONS = Set.of("empty", "not-an-image", "corrupt", "unsupported-format",
            "too-large", "too-many-pixels", "unsupported-media-type");

    private final PredictApi api;
    private final PredictClientConfiguration configuration;
    private final AtomicReference<PredictionResult.Model> lastModel = new AtomicReference<>();

    public PredictGateway(PredictApi api, PredictClientConfiguration configuration) {
        this.api = api;
        this.configuration = configuration;
    }

    public PredictOutcome classify(String objectKey) {
        PredictOutcome last = null;
        for (int attempt = 1; attempt <= configuration.attempts(); attempt++) {
            Duration retryAfter = null;
            try {
                PredictionResult result = api.predict(new ObjectReference(objectKey), configuration.apiKey());
                if (result == null) {
                    // Micronaut's declarative client answers a 404 with no result instead of an exception.
                    return PredictOutcome.of(PredictOutcome.Kind.GONE, "object-not-found", objectKey + " is gone");
                }
                if (result.model() != null) {
                    lastModel.set(result.model());
                }
                return PredictOutcome.classified(result);
            } catch (HttpClientResponseException e) {
                int status = e.getStatus().getCode();
                Optional<ApiError> error = body(e);
                String reason = error.map(ApiError::reason).orElse("predict-" + status);
                String message = error.map(ApiError::error).orElse(e.getMessage());
                if (status == 429 || status >= 500) {
                    last = PredictOutcome.of(PredictOutcome.Kind.FAILED, status == 429 ? "rate-limited" : reason,
                            "predict function answered " + status + ": " + message);
                    retryAfter = retryAfter(e.getResponse());
                } else {
                    return finalAnswer(status, reason, message);
                }
            } catch (ReadTimeoutException e) {
                last = PredictOutcome.of(PredictOutcome.Kind.FAILED, "timeout", "the predict function did not answer in time");
            } catch (HttpClientException e) {
                last = PredictOutcome.of(PredictOutcome.Kind.FAILED, "predict-unreachable",
                        "the predict function could not be reached: " + e.getMessage());
            }
            if (attempt < configuration.attempts()) {
                Duration wait = backoff(attempt, retryAfter);
                LOG.debug("{} for {}; try {} of {} in {} ms", last.reason(), objectKey, attempt + 1,
                        configuration.attempts(), wait.toMillis());
                sleep(wait);
            }
        }
        return last;
    }

    /** The model named by the latest answer, if any answer named one. */
    public Optional<PredictionResult.Model> lastModel() {
        return Optional.ofNullable(lastModel.get());
    }

    /** Waits until the predict function reports its model loaded, or the timeout passes. */
    public boolean awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        int attempt = 0;
        while (true) {
            try {
                api.health();
                return true;
            } catch (HttpClientException e) {
                if (e instanceof HttpClientResponseException response && response.getStatus().getCode() < 500) {
                    LOG.error("the predict function's /health answered {}", response.getStatus().getCode());
                    return false;
                }
                if (Instant.now().isAfter(deadline)) {
                    LOG.error("the predict function was not ready within {} s: {}", timeout.toSeconds(), e.getMessage());
                    return false;
                }
                LOG.info("waiting for the predict function: {}", e.getMessage());
            }
            sleep(backoff(++attempt, null));
        }
    }

    private static PredictOutcome finalAnswer(int status, String reason, String message) {
        if (status == 404) {
            return PredictOutcome.of(PredictOutcome.Kind.GONE, reason, message);
        }
        if (REJECTION_REASONS.contains(reason) || status == 413 || status == 415) {
            return PredictOutcome.of(PredictOutcome.Kind.REJECTED, reason, message);
        }
        if (status == 401 || status == 403) {
            return PredictOutcome.of(PredictOutcome.Kind.FATAL, "predict-refused-credentials",
                    "the predict function refused the batch's credentials (" + status + "): check PREDICT_API_KEY");
        }
        // e.g. a key the predict function considers unsafe: it cannot be read, so leave it and say why.
        return PredictOutcome.of(PredictOutcome.Kind.FAILED, reason, message);
    }

    private Duration backoff(int attempt, Duration retryAfter) {
        long cap = configuration.maxBackoff().toMillis();
        long exponential = Math.min(cap, configuration.initialBackoff().toMillis() << Math.min(attempt - 1, 20));
        long jittered = exponential / 2 + ThreadLocalRandom.current().nextLong(exponential / 2 + 1);
        if (retryAfter != null) {
            return Duration.ofMillis(Math.min(cap, Math.max(jittered, retryAfter.toMillis())));
        }
        return Duration.ofMillis(jittered);
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        return response.getHeaders().get("Retry-After", Long.class).map(Duration::ofSeconds).orElse(null);
    }

    private static Optional<ApiError> body(HttpClientResponseException e) {
        try {
            return e.getResponse().getBody(ApiError.class).filter(error -> error.reason() != null);
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", e);
        }
    }
}
