package com.returnsorter.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Optional;

/**
 * One ONNX Runtime session, created once and shared: {@link OrtSession#run} is safe for
 * concurrent use, so requests run in parallel without a pool of sessions.
 */
public final class OnnxModel implements AutoCloseable {

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final String inputName;
    private final String outputName;
    private final long[] imageShape;
    private final int classes;
    private final boolean softmax;

    public OnnxModel(ModelCard card, byte[] model, long[] imageShape, int intraOpThreads) throws OrtException {
        this.environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            // The arena keeps every buffer it ever grew to; for small models and batches, plain
            // malloc/free keeps resident memory flat at no measurable cost.
            options.setCPUArenaAllocator(false);
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            this.session = environment.createSession(model, options);
        }
        this.inputName = card.input().name();
        this.outputName = card.output().name();
        this.imageShape = imageShape.clone();
        this.classes = card.labels().size();
        this.softmax = "softmax".equals(card.output().activation());
        if (!session.getInputNames().contains(inputName)) {
            close();
            throw new IllegalArgumentException("the model has no input '" + inputName + "'; it has " + session.getInputNames());
        }
        if (!session.getOutputNames().contains(outputName)) {
            close();
            throw new IllegalArgumentException("the model has no output '" + outputName + "'; it has " + session.getOutputNames());
        }
    }

    /**
     * Runs {@code count} images, laid out one after another in {@code tensor}, as one batch.
     *
     * @return per image, the probability of each label
     */
    public float[][] run(float[] tensor, int count) throws OrtException {
        long[] shape = new long[imageShape.length + 1];
        shape[0] = count;
        System.arraycopy(imageShape, 0, shape, 1, imageShape.length);
        try (OnnxTensor input = OnnxTensor.createTensor(environment, FloatBuffer.wrap(tensor), shape);
             OrtSession.Result result = session.run(Map.of(inputName, input))) {
            Optional<OnnxValue> output = result.get(outputName);
            float[][] scores = (float[][]) output.orElseThrow().getValue();
            if (scores.length != count || scores[0].length != classes) {
                throw new IllegalStateException("the model answered " + scores.length + "x" + scores[0].length
                        + " scores for " + count + " images and " + classes + " labels");
            }
            if (softmax) {
                for (float[] row : scores) {
                    softmaxInPlace(row);
                }
            }
            return scores;
        }
    }

    static void softmaxInPlace(float[] logits) {
        float max = Float.NEGATIVE_INFINITY;
        for (float logit : logits) {
            max = Math.max(max, logit);
        }
        double sum = 0;
        double[] exp = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            exp[i] = Math.exp(logits[i] - max);
            sum += exp[i];
        }
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) (exp[i] / sum);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException ignored) {
            // Closing a session only frees native memory; nothing to recover.
        }
    }
}
