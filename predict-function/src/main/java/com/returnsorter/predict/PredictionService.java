package com.returnsorter.predict;

import ai.onnxruntime.OrtException;
import com.returnsorter.inference.Classification;
import com.returnsorter.inference.ImageClassifier;
import com.returnsorter.inference.ImageRejectedException;
import com.returnsorter.inference.InferenceConfiguration;
import com.returnsorter.inference.ModelCard;
import com.returnsorter.inference.ModelManager;
import com.returnsorter.service.api.ApiException;
import com.returnsorter.predict.stats.RequestStats;
import com.returnsorter.storage.InvalidObjectKeyException;
import com.returnsorter.storage.ObjectKeys;
import com.returnsorter.storage.ObjectNotFoundException;
import com.returnsorter.storage.ObjectStore;
import com.returnsorter.storage.ObjectStoreException;
import com.returnsorter.storage.ObjectTooLargeException;
import com.returnsorter.storage.StoredObject;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Classifies uploaded images and stored objects, and turns every failure into an {@link ApiException} with its status. */
@Singleton
public class PredictionService {

    private static final Logger LOG = LoggerFactory.getLogger(PredictionService.class);
    private static final int RETRY_AFTER_LOADING_SECONDS = 5;

    private final ModelManager models;
    private final ObjectStore store;
    private final RequestStats stats;
    private final long maxImageBytes;
    private final String objectPrefix;

    public PredictionService(ModelManager models, ObjectStore store, RequestStats stats, InferenceConfiguration inference,
                             PredictConfiguration configuration) {
        this.models = models;
        this.objectPrefix = configuration.objectPrefix();
        this.store = store;
        this.stats = stats;
        this.maxImageBytes = inference.maxImageBytes();
    }

    public PredictionResponse predictUpload(NamedImage image) {
        long started = System.nanoTime();
        Classification classification = classify(image.bytes());
        return response(classification, image.filename(), null, started);
    }

    /**
     * Classifies a stored photo by its key. Only keys under the configured object prefix
     * ({@code incoming/}) are read: the rest of the bucket (state, reports, sorted photos) is not
     * the API's to show. No answer names the bucket, a directory or the store's own message.
     */
    public PredictionResponse predictObject(@Nullable String key) {
        if (key == null || key.isBlank()) {
            throw new ApiException(400, "bad-request", "send JSON {\"object\": \"<key>\"} with the key of a stored photo, e.g. "
                    + objectPrefix + "return_20261121_001.jpg");
        }
        String problem = ObjectKeys.problem(key, false);
        if (problem != null) {
            throw new ApiException(400, "invalid-object-key", "invalid object key: the key " + problem);
        }
        if (!key.startsWith(objectPrefix)) {
            throw new ApiException(400, "object-outside-" + objectPrefix.substring(0, objectPrefix.length() - 1),
                    "only photos under " + objectPrefix + " can be classified by key");
        }
        long started = System.nanoTime();
        StoredObject object;
        try {
            object = store.read(key, maxImageBytes);
        } catch (InvalidObjectKeyException e) {
            throw new ApiException(400, "invalid-object-key", "invalid object key");
        } catch (ObjectNotFoundException e) {
            throw new ApiException(404, "object-not-found", "no object " + ObjectKeys.escape(key));
        } catch (ObjectTooLargeException e) {
            throw new ApiException(413, "too-large", "the object is larger than the " + maxImageBytes + "-byte limit");
        } catch (ObjectStoreException e) {
            LOG.warn("Cannot read {} from {}: {}", ObjectKeys.escape(key), store.describe(), e.getMessage());
            throw new ApiException(503, "store-unavailable", "the object store could not be read; try again", 5);
        }
        Classification classification = classify(object.bytes());
        return response(classification, null, key, started);
    }

    /** A {@code /predict_batch} answer built one file at a time: see {@link BatchPrediction}. */
    public BatchPrediction startBatch() {
        return new BatchPrediction(ready());
    }

    /** Classifies a list of images at once (tests and small callers); {@link #startBatch()} is what the API uses. */
    public BatchResponse predictBatch(List<NamedImage> images) {
        BatchPrediction batch = startBatch();
        for (NamedImage image : images) {
            batch.add(image.filename(), image.bytes());
        }
        return batch.finish();
    }

    /**
     * One {@code /predict_batch} request: each file is decoded and preprocessed when it is added, and
     * only its tensor is kept (the caller drops the file's bytes afterwards); inference runs on
     * chunks of tensors. Not thread-safe.
     */
    public final class BatchPrediction {

        private final long started = System.nanoTime();
        private final ImageClassifier classifier;
        private final ImageClassifier.Batch batch;
        private final List<String> filenames = new ArrayList<>();

        private BatchPrediction(ImageClassifier classifier) {
            this.classifier = classifier;
            this.batch = classifier.newBatch();
        }

        /** Files added so far. */
        public int size() {
            return filenames.size();
        }

        public void add(@Nullable String filename, byte[] bytes) {
            filenames.add(filename);
            try {
                batch.add(bytes);
            } catch (OrtException e) {
                throw inferenceFailed(e);
            }
        }

        public BatchResponse finish() {
            List<ImageClassifier.Outcome> outcomes;
            try {
                outcomes = batch.finish();
            } catch (OrtException e) {
                filenames.forEach(file -> stats.recordUnclassified(RequestStats.FAILED));
                throw inferenceFailed(e);
            }
            List<BatchResponse.Item> items = new ArrayList<>(outcomes.size());
            int successful = 0;
            for (int i = 0; i < outcomes.size(); i++) {
                ImageClassifier.Outcome outcome = outcomes.get(i);
                String filename = filenames.get(i);
                if (outcome.isClassified()) {
                    Classification c = outcome.classification();
                    stats.recordPrediction(c.label());
                    items.add(new BatchResponse.Item(filename, c.label(), round(c.confidence()), topK(c), null, null, null,
                            c.unsure()));
                    successful++;
                } else {
                    stats.recordUnclassified(RequestStats.REJECTED);
                    ImageRejectedException rejected = outcome.rejection();
                    items.add(new BatchResponse.Item(filename, null, null, null, rejected.getMessage(),
                            rejected.reason().httpStatus(), rejected.reason().code(), null));
                }
            }
            return new BatchResponse(items, items.size(), successful, items.size() - successful, modelInfo(classifier.card()),
                    Instant.now().toString(), elapsedMillis(started));
        }
    }

    private Classification classify(byte[] bytes) {
        ImageClassifier classifier = ready();
        try {
            Classification classification = classifier.classify(bytes);
            stats.recordPrediction(classification.label());
            return classification;
        } catch (ImageRejectedException e) {
            stats.recordUnclassified(RequestStats.REJECTED);
            throw new ApiException(e.reason().httpStatus(), e.reason().code(), e.getMessage());
        } catch (OrtException e) {
            stats.recordUnclassified(RequestStats.FAILED);
            throw inferenceFailed(e);
        }
    }

    /** The classifier, or 503 with Retry-After while the model is loading or when it failed to load. */
    public ImageClassifier ready() {
        return models.classifier().orElseThrow(() -> switch (models.state()) {
            case FAILED -> new ApiException(503, "model-unavailable", "the model failed to load; see the service log", 30);
            default -> new ApiException(503, "model-loading", "the model is still loading; retry shortly", RETRY_AFTER_LOADING_SECONDS);
        });
    }

    private ApiException inferenceFailed(OrtException e) {
        LOG.error("Inference failed", e);
        return new ApiException(503, "inference-failed", "inference failed; try again", 1);
    }

    private PredictionResponse response(Classification c, @Nullable String filename, @Nullable String object, long started) {
        return new PredictionResponse(c.label(), round(c.confidence()), Instant.now().toString(), topK(c),
                modelInfo(ready().card()), filename, object, elapsedMillis(started), c.unsure());
    }

    static PredictionResponse.ModelInfo modelInfo(ModelCard card) {
        return new PredictionResponse.ModelInfo(card.name(), card.version());
    }

    private static Map<String, Double> topK(Classification c) {
        Map<String, Double> top = new LinkedHashMap<>();
        for (Classification.LabelScore score : c.topK()) {
            top.put(score.label(), round(score.probability()));
        }
        return top;
    }

    private static double round(double probability) {
        return Math.round(probability * 1_000_000.0) / 1_000_000.0;
    }

    private static double elapsedMillis(long startedNanos) {
        return Math.round((System.nanoTime() - startedNanos) / 10_000.0) / 100.0;
    }
}
