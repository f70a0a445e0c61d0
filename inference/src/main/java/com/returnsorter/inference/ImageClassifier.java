package com.returnsorter.inference;

import ai.onnxruntime.OrtException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decode → preprocess → infer → top-k, for one image or many. Several images are inferred as
 * one batch (chunks of {@code maxBatchSize}), decoded one at a time; an image that cannot be
 * decoded fails alone and never spoils its batch. Thread-safe (a {@link Batch} is not).
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

    /**
     * Classifies many encoded images; each outcome is a classification or the reason it was rejected.
     * The images are decoded one at a time (see {@link #newBatch()}), so at most one image's pixels
     * are in memory at once.
     */
    public List<Outcome> classifyAll(List<byte[]> images) throws OrtException {
        Batch batch = newBatch();
        for (byte[] image : images) {
            batch.add(image);
        }
        return batch.finish();
    }

    /**
     * A batch that takes images one at a time: each is decoded and preprocessed into its slot of the
     * input tensor as it is added, and its pixels are dropped before the next; every
     * {@code maxBatchSize} tensors are inferred together. What a batch holds is its outcomes and at
     * most one chunk of tensors, whatever the number or size of the images. Not thread-safe: one
     * batch belongs to one request.
     */
    public Batch newBatch() {
        return new Batch();
    }

    /** See {@link #newBatch()}. */
    public final class Batch {

        private final int imageSize = preprocessor.imageSize();
        private final float[] tensor = new float[maxBatchSize * imageSize];
        private final List<Outcome> outcomes = new ArrayList<>();
        /** Positions in {@link #outcomes} of the images whose tensors wait in {@link #tensor}. */
        private final List<Integer> pending = new ArrayList<>(maxBatchSize);
        /** The preprocessor's verdict on each pending image, in the order of {@link #pending}. */
        private final List<SubjectCheck> checks = new ArrayList<>(maxBatchSize);
        /** What this request's decodes may hold at once; an image's pixels are released once preprocessed. */
        private final DecodeBudget budget = decoder.newRequestBudget();
        private boolean finished;

        private Batch() {
        }

        /** Decodes and preprocesses one image; runs inference when a chunk of tensors is full. */
        public void add(byte[] encoded) throws OrtException {
            if (finished) {
                throw new IllegalStateException("the batch is finished");
            }
            int position = outcomes.size();
            outcomes.add(null);
            DecodedImage image;
            try {
                image = decoder.decode(encoded, budget);
            } catch (ImageRejectedException rejected) {
                outcomes.set(position, new Outcome(null, rejected));
                return;
            }
            SubjectCheck check;
            try {
                check = preprocessor.preprocess(image, tensor, pending.size() * imageSize);
            } finally {
                budget.release(image);
            }
            pending.add(position);
            checks.add(check);
            if (pending.size() == maxBatchSize) {
                inferPending();
            }
        }

        /** Images added so far. */
        public int size() {
            return outcomes.size();
        }

        /** Infers what is pending and returns one outcome per added image, in the order they were added. */
        public List<Outcome> finish() throws OrtException {
            inferPending();
            finished = true;
            return List.copyOf(outcomes);
        }

        private void inferPending() throws OrtException {
            int count = pending.size();
            if (count == 0) {
                return;
            }
            float[] input = count == maxBatchSize ? tensor : Arrays.copyOf(tensor, count * imageSize);
            float[][] probabilities = model.run(input, count);
            for (int i = 0; i < count; i++) {
                outcomes.set(pending.get(i), new Outcome(topK(probabilities[i], checks.get(i)), null));
            }
            pending.clear();
            checks.clear();
        }
    }

    /** Infers already decoded images, in batches of at most {@code maxBatchSize}. */
    public List<Classification> classifyDecoded(List<DecodedImage> images) throws OrtException {
        List<Classification> results = new ArrayList<>(images.size());
        int size = preprocessor.imageSize();
        for (int from = 0; from < images.size(); from += maxBatchSize) {
            int count = Math.min(maxBatchSize, images.size() - from);
            float[] tensor = new float[count * size];
            SubjectCheck[] checks = new SubjectCheck[count];
            for (int i = 0; i < count; i++) {
                checks[i] = preprocessor.preprocess(images.get(from + i), tensor, i * size);
            }
            float[][] probabilities = model.run(tensor, count);
            for (int i = 0; i < count; i++) {
                results.add(topK(probabilities[i], checks[i]));
            }
        }
        return results;
    }

    /** Runs already preprocessed tensors (benchmarks and warm-up). */
    public float[][] infer(float[] tensor, int count) throws OrtException {
        return model.run(tensor, count);
    }

    private Classification topK(float[] probabilities, SubjectCheck check) {
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
        return new Classification(card.labels().get(best), best, probabilities[best], List.copyOf(top), check.unsure());
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
