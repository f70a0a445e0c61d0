package com.returnsorter.predict;

import com.returnsorter.inference.InferenceConfiguration;
import com.returnsorter.storage.ObjectStore;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.micronaut.context.BeanContext;
import io.micronaut.scheduling.executor.ExecutorConfiguration;

/**
 * Checks the settings the service cannot work without while the application context starts
 * (this bean is created eagerly), so a bad value stops the start instead of failing the first
 * request: the beans below are bound and validated here ({@link PredictConfiguration}'s
 * constraints; {@code STORAGE_KIND} and {@code RETURNS_BUCKET} when the store is built), and the
 * numbers nothing else checks are checked by hand. A yes/no or number setting that is not one is refused
 * before this bean by service-support's {@code SettingValues}. The API-key list is checked by the access
 * configuration; the model by {@link Application} once it has loaded or failed.
 */
@Context
public class StartupChecks {

    public StartupChecks(PredictConfiguration predict, InferenceConfiguration inference, ObjectStore store,
                         BeanContext beans) {
        ExecutorConfiguration executor = beans.findBean(ExecutorConfiguration.class, Qualifiers.byName(PredictController.EXECUTOR))
                .orElseThrow(() -> new ConfigurationException("micronaut.executors." + PredictController.EXECUTOR + " is not configured"));
        require(executor.getNumberOfThreads() >= 1, "INFERENCE_THREADS (micronaut.executors.inference.number-of-threads) must be at least 1, not "
                + executor.getNumberOfThreads());
        require(inference.maxImageBytes() >= 1, "inference.max-image-bytes must be positive, not " + inference.maxImageBytes());
        require(inference.maxPixels() >= 1, "MAX_IMAGE_PIXELS (inference.max-pixels) must be positive, not " + inference.maxPixels());
        require(inference.intraOpThreads() >= 0, "ORT_INTRA_OP_THREADS (inference.intra-op-threads) must be 0 (ONNX Runtime chooses) or more, not "
                + inference.intraOpThreads());
        require(inference.topK() >= 1, "inference.top-k must be at least 1, not " + inference.topK());
        require(inference.maxBatchSize() >= 1, "INFERENCE_MAX_BATCH (inference.max-batch-size) must be at least 1, not " + inference.maxBatchSize());
        require(inference.modelUri() != null && !inference.modelUri().isBlank(), "MODEL_URI (inference.model-uri) is empty");
        require(isPositive(predict.uploadReadIdleTimeout().toMillis()), "UPLOAD_READ_IDLE_TIMEOUT must be positive");
        require(isPositive(predict.uploadTimeout().toMillis()), "UPLOAD_TIMEOUT must be positive");
    }

    private static boolean isPositive(long value) {
        return value > 0;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new ConfigurationException(message);
        }
    }
}
