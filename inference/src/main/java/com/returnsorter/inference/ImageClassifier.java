package com.returnsorter.inference;

import ai.onnxruntime.OrtException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decode → preprocess → infer → top-k, for one image or many. Several images are inferred as
 * one batch (chunks of {@code maxBatchSize}); an image that cannot be decoded fails alone and
 * never spoils its batch. Thread-safe.
 */
public final class ImageClassifier implements AutoCloseable {

    private final ModelCard card;
    private final ImageDecoder decoder;
    private final Preprocessor preprocessor;
    private final OnnxModel model;
    private final int topK;
    private final int maxBatchSize;

    public ImageClassifier(ModelCard card, ImageDecoder decoder, Preprocessor preprocessor, OnnxModel model,
                           int topK, int maxBatchSize) {
        this.card = card;
        this.decoder = decoder;
        this.preprocessor = preprocessor;
        this.model = model;
        this.topK = Math.max(1, Math.min(topK, card.labels().size()));
        this.maxBatchSize = Math.max(1, maxBatchSize);
    }

    public ModelCard card() {
        return card;
    }

    public ImageDecoder decoder() {
        return decoder;
    }

    public Preprocessor preprocessor() {
        return preprocessor;
    }

    /** Classifies one encoded image. */
    public Classification classify(byte[] bytes) throws ImageRejectedException, OrtException {
        return classifyDecoded(List.of(decoder.decode(bytes))).get(0);
    }

    /** Classifies many encoded images; each outcome is a classification or the reason it was rejected. */
    public List<Outcome> classifyAll(List<byte[]> images) throws OrtException {
        Outcome[] outcomes = new Outcome[images.size()];
        List<DecodedImage> decoded = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            try {
                decoded.add(decoder.decode(images.get(i)));
                positions.add(i);
            } catch (ImageRejectedException rejected) {
                outcomes[i] = new Outcome(null, rejected);
            }
        }
        List<Classification> classifications = classifyDecoded(decoded);
        for (int i = 0; i < positions.size(); i++) {
            outcomes[positions.get(i)] = new Outcome(classifications.get(i), null);
        }
        return Arrays.asList(outcomes);
    }

    /** Infers already decoded images, in batches of at most {@code maxBatchSize}. */
    public List<Classification> classifyDecoded(List<DecodedImage> images) throws OrtException {
        List<Classification> results = new ArrayList<>(images.size());
        int size = preprocessor.imageSize();
        for (int from = 0; from < images.size(); from += maxBatchSize) {
            int count = Math.min(maxBatchSize, images.size() - from);
            float[] tensor = new float[count * size];
            for (int i = 0; i < count; i++) {
                preprocessor.preprocess(images.get(from + i), tensor, i * size);
            }
            for (float[] probabilities : model.run(tensor, count)) {
                results.add(topK(probabilities));
            }
        }
        return results;
    }

    /** Runs already preprocessed tensors (benchmarks and warm-up). */
    public float[][] infer(float[] tensor, int count) throws OrtException {
        return model.run(tensor, count);
    }

    private Classification topK(float[] probabilities) {
        Integer[] order = new Integer[probabilities.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(probabilities[b], probabilities[a]));
        List<Classification.LabelScore> top = new ArrayList<>(topK);
        for (int k = 0; k < topK; k++) {
            top.add(new Classification.LabelScore(card.labels().get(order[k]), probabilities[order[k]]));
        }
        int best = order[0];
        return new Classification(card.labels().get(best), best, probabilities[best], List.copyOf(top));
    }

    @Override
    public void close() {
        model.close();
    }

    /** Either a classification or the reason the image was rejected. */
    public record Outcome(Classification classification, ImageRejectedException rejection) {

        public boolean isClassified() {
            return classification != null;
        }
    }
}
