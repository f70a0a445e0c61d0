package com.returnsorter.inference;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Where the model comes from and how it is served. Bound from {@code inference.*}; the services'
 * {@code application.yml} maps {@code MODEL_URI}, {@code MODEL_CARD_URI} and the limits' variables.
 *
 * @param modelUri       {@code classpath:…}, {@code gs://…}, {@code file:…} or a path
 * @param modelCardUri   the card; by default the model URI with {@code .onnx} → {@code .card.json}
 * @param maxImageBytes  largest image accepted
 * @param maxPixels      largest width × height accepted (checked from the header before decoding)
 * @param intraOpThreads ONNX Runtime intra-op threads; 0 lets ONNX Runtime choose (one per core)
 * @param topK           how many labels a prediction lists
 * @param maxBatchSize   images per ONNX Runtime call
 * @param warmUp         run one inference before reporting ready, so the first request is not slow
 * @param decodeTimeout  how long one image's decode may run before it is stopped and rejected
 *                       ({@code decode-timeout}); {@link DecoderLimits#DEFAULT_DECODE_TIMEOUT} when unset
 *                       (environment: {@code INFERENCE_DECODE_TIMEOUT}, e.g. {@code 5s})
 */
@ConfigurationProperties(InferenceConfiguration.PREFIX)
public record InferenceConfiguration(
        @Bindable(defaultValue = ModelLoader.BUNDLED_MODEL) String modelUri,
        @Nullable String modelCardUri,
        @Bindable(defaultValue = "10485760") long maxImageBytes,
        @Bindable(defaultValue = "40000000") long maxPixels,
        @Bindable(defaultValue = "0") int intraOpThreads,
        @Bindable(defaultValue = "5") int topK,
        @Bindable(defaultValue = "16") int maxBatchSize,
        @Bindable(defaultValue = "true") boolean warmUp,
        @Nullable Duration decodeTimeout) {

    public static final String PREFIX = "inference";

    public String effectiveModelCardUri() {
        return modelCardUri == null || modelCardUri.isBlank() ? ModelLoader.defaultCardUri(modelUri) : modelCardUri;
    }

    public ModelLoader.InferenceSettings settings() {
        return new ModelLoader.InferenceSettings(maxImageBytes, maxPixels, intraOpThreads, topK, maxBatchSize,
                decodeTimeout == null ? DecoderLimits.DEFAULT_DECODE_TIMEOUT : decodeTimeout);
    }
}
