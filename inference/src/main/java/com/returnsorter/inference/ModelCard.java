package com.returnsorter.inference;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Map;

/**
 * The model card written by {@code model/train.py} beside the {@code .onnx} file: everything the
 * server needs to feed the model and name its outputs, plus how it was trained and evaluated.
 */
@Serdeable
public record ModelCard(
        int schemaVersion,
        String name,
        String version,
        @Nullable String description,
        @Nullable String file,
        @Nullable String sha256,
        Input input,
        Output output,
        List<String> labels,
        Preprocessing preprocessing,
        @Nullable Map<String, Object> training,
        @Nullable Evaluation evaluation) {

    /** The model's input tensor. */
    @Serdeable
    public record Input(String name, List<Long> shape, String layout, @Nullable String type) {
    }

    /** The model's output tensor; {@code activation} is what the server applies to it ({@code softmax} or {@code none}). */
    @Serdeable
    public record Output(String name, @Nullable List<Long> shape, String activation) {
    }

    /**
     * The preprocessing profile and its parameters; which fields apply depends on {@code profile}
     * ({@code fashion-mnist}: size, fit, trimThreshold, maxDecodeSide; {@code rgb}: width, height, scale,
     * mean, std; {@code garment-photo}: version and the parameters from {@code size} to {@code itemQuantile}
     * named in model/PREPROCESSING.md, see {@link GarmentPhotoPreprocessor.Parameters}).
     */
    @Serdeable
    public record Preprocessing(
            String profile,
            @Nullable Integer version,
            @Nullable Integer size,
            @Nullable Integer fit,
            @Nullable Integer trimThreshold,
            @Nullable Integer maxDecodeSide,
            @Nullable Integer width,
            @Nullable Integer height,
            @Nullable Double scale,
            @Nullable List<Double> mean,
            @Nullable List<Double> std,
            @Nullable Integer workingSide,
            @Nullable Double bandFraction,
            @Nullable Integer cellDivisions,
            @Nullable Integer surfaceDegree,
            @Nullable Integer fitIterations,
            @Nullable Double inlierSigmas,
            @Nullable Double inlierFloor,
            @Nullable Double noiseFloor,
            @Nullable Double thresholdSigmas,
            @Nullable Double thresholdFraction,
            @Nullable Double contrastQuantile,
            @Nullable Integer closingRadius,
            @Nullable Double minAreaFraction,
            @Nullable Double edgeJunkFraction,
            @Nullable Double mergeGapFraction,
            @Nullable Double severalFraction,
            @Nullable Double severalSideFraction,
            @Nullable Double tooSmallFraction,
            @Nullable Double noiseSigmas,
            @Nullable Double itemQuantile) {
    }

    /** Figures measured on the held-out images. */
    @Serdeable
    public record Evaluation(
            @Nullable String heldOutRule,
            @Nullable Integer images,
            @Nullable Double accuracy,
            @Nullable Map<String, ClassMetrics> perClass,
            @Nullable Double subset2000Accuracy,
            @Nullable SampleReturns sampleReturns) {
    }

    @Serdeable
    public record ClassMetrics(@Nullable Double precision, @Nullable Double recall, @Nullable Integer support) {
    }

    @Serdeable
    public record SampleReturns(@Nullable Integer images, @Nullable Double accuracy) {
    }

    /** Checks the card is complete enough to serve; throws with the first problem found. */
    public ModelCard validate() {
        require(name != null && !name.isBlank(), "name is missing");
        require(version != null && !version.isBlank(), "version is missing");
        require(input != null && input.name() != null, "input.name is missing");
        require(output != null && output.name() != null, "output.name is missing");
        require(output.activation() != null && (output.activation().equals("softmax") || output.activation().equals("none")),
                "output.activation must be softmax or none");
        require(labels != null && !labels.isEmpty(), "labels are missing");
        require(preprocessing != null && preprocessing.profile() != null, "preprocessing.profile is missing");
        return this;
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException("invalid model card: " + problem);
        }
    }
}
