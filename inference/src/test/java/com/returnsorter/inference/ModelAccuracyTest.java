package com.returnsorter.inference;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Training and serving must preprocess alike: the committed model, run through the production
 * decode → preprocess → ONNX Runtime path, must stay within 1.5 points of the accuracy its card
 * reports for the 10,000 held-out images — on the committed held-out subset and on the sample
 * photos rendered from held-out images.
 */
class ModelAccuracyTest {

    private static final double TOLERANCE = 0.015;
    /**
     * Regression floors. Model 2.0.0 scores 0.9293 held-out (the card's figure over the 10,000 images) and
     * 0.9267 on the sample returns; issue 13 asks for 0.93 held-out, which it does not reach yet (README,
     * model/README.md), so this floor guards what is shipped rather than claiming the target.
     */
    private static final double HELD_OUT_FLOOR = 0.925;
    private static final double SAMPLE_RETURNS_FLOOR = 0.92;

    @Test
    void theServedModelsCardReportsAtLeastTheHeldOutFloor() {
        ModelCard card = BundledModel.classifier().card();
        assertThat(card.evaluation().images()).isEqualTo(10_000);
        assertThat(card.evaluation().accuracy()).as("held-out accuracy in the card").isGreaterThanOrEqualTo(HELD_OUT_FLOOR);
    }

    @Test
    void heldOutSubsetThroughTheProductionPipelineMatchesTheCard() throws Exception {
        ImageClassifier classifier = BundledModel.classifier();
        HeldOutSet heldOut = HeldOutSet.load(Fixtures.root().resolve("model/heldout"));
        assertThat(heldOut.count()).isGreaterThanOrEqualTo(2000);

        List<byte[]> encoded = new ArrayList<>(heldOut.count());
        for (int i = 0; i < heldOut.count(); i++) {
            encoded.add(Fixtures.encode(heldOut.image(i), "png"));
        }
        List<ImageClassifier.Outcome> outcomes = classifier.classifyAll(encoded);
        int correct = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            assertThat(outcomes.get(i).isClassified()).isTrue();
            if (outcomes.get(i).classification().index() == heldOut.label(i)) {
                correct++;
            }
        }
        double accuracy = correct / (double) heldOut.count();
        double card = classifier.card().evaluation().accuracy();
        assertThat(accuracy).as("held-out subset accuracy vs the card's %.4f", card).isGreaterThanOrEqualTo(card - TOLERANCE);
    }

    @Test
    void samplePhotosThroughTheProductionPipelineMatchTheCard() throws Exception {
        ImageClassifier classifier = BundledModel.classifier();
        Path root = Fixtures.root();
        List<String> lines = Files.readAllLines(root.resolve("samples/returns-manifest.csv"));
        List<byte[]> photos = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] columns = line.split(",");
            photos.add(Files.readAllBytes(root.resolve("samples/returns").resolve(columns[0])));
            labels.add(columns[1]);
        }
        assertThat(photos).hasSizeGreaterThanOrEqualTo(250);

        List<ImageClassifier.Outcome> outcomes = classifier.classifyAll(photos);
        int correct = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            if (labels.get(i).equals(outcomes.get(i).classification().label())) {
                correct++;
            }
        }
        double accuracy = correct / (double) photos.size();
        double card = classifier.card().evaluation().accuracy();
        assertThat(accuracy).as("sample photo accuracy vs the card's %.4f", card).isGreaterThanOrEqualTo(card - TOLERANCE);
        assertThat(accuracy).as("sample photo accuracy").isGreaterThanOrEqualTo(SAMPLE_RETURNS_FLOOR);
    }
}
