package com.returnsorter.inference;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A batch takes images one at a time and infers them in chunks of {@code maxBatchSize}: every
 * outcome lands at its image's position, a rejected image fails alone, and each classification
 * is the one the image gets on its own.
 */
class ImageClassifierBatchTest {

    @Test
    void outcomesKeepUploadOrderAcrossChunksAndRejections() throws Exception {
        ImageClassifier chunksOfThree = BundledModel.loader().load(ModelLoader.BUNDLED_MODEL,
                ModelLoader.defaultCardUri(ModelLoader.BUNDLED_MODEL),
                new ModelLoader.InferenceSettings(DecoderLimits.DEFAULT_MAX_BYTES, DecoderLimits.DEFAULT_MAX_PIXELS, 0, 5, 3));
        HeldOutSet heldOut = HeldOutSet.load(Fixtures.root().resolve("model/heldout"));
        List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            // Every fourth upload is not an image; 11 images make chunks of 3, 3, 2 plus the rejections.
            images.add(i % 4 == 3 ? ("not an image " + i).getBytes(StandardCharsets.UTF_8) : Fixtures.encode(heldOut.image(i), "png"));
        }

        ImageClassifier.Batch batch = chunksOfThree.newBatch();
        for (byte[] image : images) {
            batch.add(image);
        }
        List<ImageClassifier.Outcome> outcomes = batch.finish();

        assertThat(outcomes).hasSize(images.size());
        for (int i = 0; i < images.size(); i++) {
            ImageClassifier.Outcome outcome = outcomes.get(i);
            if (i % 4 == 3) {
                assertThat(outcome.isClassified()).as("upload %d", i).isFalse();
                assertThat(outcome.rejection().reason()).isEqualTo(ImageRejectedException.Reason.NOT_AN_IMAGE);
            } else {
                Classification alone = chunksOfThree.classify(images.get(i));
                assertThat(outcome.classification().label()).as("upload %d", i).isEqualTo(alone.label());
                assertThat(outcome.classification().confidence()).isCloseTo(alone.confidence(), within(1e-4));
            }
        }
        assertThat(chunksOfThree.classifyAll(images).stream().map(ImageClassifier.Outcome::isClassified).toList())
                .isEqualTo(outcomes.stream().map(ImageClassifier.Outcome::isClassified).toList());
        chunksOfThree.close();
    }
    @Test
    void aBatchHoldsOneImagesPixelsAtATimeSoItsRequestBudgetIsNeverSpent() throws Exception {
        ImageClassifier classifier = BundledModel.loader().load(ModelLoader.BUNDLED_MODEL,
                ModelLoader.defaultCardUri(ModelLoader.BUNDLED_MODEL),
                new ModelLoader.InferenceSettings(DecoderLimits.DEFAULT_MAX_BYTES, DecoderLimits.DEFAULT_MAX_PIXELS, 0, 5, 16));
        BufferedImage large = new BufferedImage(1024, 1024, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(large, "png", png);
        long pixelsPerImage = 1024L * 1024 * 4;
        int count = (int) (classifier.decoder().newRequestBudget().maxBytes() / pixelsPerImage) + 8;

        ImageClassifier.Batch batch = classifier.newBatch();
        for (int i = 0; i < count; i++) {
            batch.add(png.toByteArray());
        }

        // More images than the request budget could hold at once: each is released once preprocessed.
        assertThat(batch.finish()).hasSize(count).allMatch(ImageClassifier.Outcome::isClassified);
        classifier.close();
    }
}
