package com.returnsorter.inference;

import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.serde.ObjectMapper;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Owns the one classifier of the process. The model loads in the background from the moment this
 * bean is created (eagerly, as the context starts), overlapping with the rest of start-up; the
 * server answers {@code /health} with 503 (rather than refusing connections) until the model is
 * loaded and warmed up.
 */
@Context
// A service that uses only the decoder (report-function's thumbnails) leaves ONNX Runtime out and never loads a model.
@Requires(classes = ai.onnxruntime.OrtEnvironment.class)
public class ModelManager {

    private static final Logger LOG = LoggerFactory.getLogger(ModelManager.class);

    /** Where loading stands. */
    public enum State { LOADING, READY, FAILED }

    private final InferenceConfiguration configuration;
    private final ModelLoader loader;
    private final CompletableFuture<ImageClassifier> classifier = new CompletableFuture<>();
    private volatile String failure;
    private volatile Instant readyAt;

    public ModelManager(InferenceConfiguration configuration, ObjectMapper json) {
        this.configuration = configuration;
        Supplier<Storage> storage = () -> StorageOptions.getDefaultInstance().getService();
        this.loader = new ModelLoader(json, storage);
        Thread thread = new Thread(this::load, "model-loader");
        thread.setDaemon(true);
        thread.start();
    }

    private void load() {
        long started = System.nanoTime();
        try {
            ImageClassifier loaded = loader.load(configuration.modelUri(), configuration.effectiveModelCardUri(),
                    configuration.settings());
            if (configuration.warmUp()) {
                int size = loaded.preprocessor().imageSize();
                loaded.infer(new float[size], 1);
            }
            readyAt = Instant.now();
            LOG.info("Model {} {} loaded from {} in {} ms", loaded.card().name(), loaded.card().version(),
                    configuration.modelUri(), (System.nanoTime() - started) / 1_000_000);
            classifier.complete(loaded);
        } catch (Exception | LinkageError e) {
            failure = e.getMessage();
            // One line: the service decides whether this stops the process; the stack trace is for debugging.
            LOG.error("Cannot load the model from {}: {}", configuration.modelUri(), e.getMessage());
            LOG.debug("Model load failure", e);
            classifier.completeExceptionally(e);
        }
    }

    public State state() {
        if (!classifier.isDone()) {
            return State.LOADING;
        }
        return classifier.isCompletedExceptionally() ? State.FAILED : State.READY;
    }

    /** The classifier once it is ready. */
    public Optional<ImageClassifier> classifier() {
        return state() == State.READY ? Optional.of(classifier.join()) : Optional.empty();
    }

    /** Waits for the model; used by tests and by callers that must not answer 503. */
    public ImageClassifier awaitReady(Duration timeout) throws TimeoutException, InterruptedException {
        try {
            return classifier.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the model failed to load: " + e.getCause().getMessage(), e.getCause());
        }
    }

    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    public Optional<Instant> readyAt() {
        return Optional.ofNullable(readyAt);
    }

    @PreDestroy
    void close() {
        classifier.thenAccept(ImageClassifier::close);
    }
}
