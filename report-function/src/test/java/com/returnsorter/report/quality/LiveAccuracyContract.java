package com.returnsorter.report.quality;

import com.returnsorter.report.decisions.Decision;
import com.returnsorter.report.decisions.DecisionRecord;
import com.returnsorter.report.decisions.DecisionStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Live accuracy computed from decisions as a store keeps them, run against SQLite and the Firestore emulator:
 * approvals count as right, corrections as wrong with the person's category, rejections and photos without a
 * prediction are left out and counted as such; per category, per ISO week, with the confusion table.
 */
abstract class LiveAccuracyContract {

    /** Wednesday of ISO week 2026-W42. */
    static final Instant WEEK_42 = Instant.parse("2026-10-14T09:00:00Z");
    static final Instant WEEK_43 = Instant.parse("2026-10-20T09:00:00Z");

    DecisionStore decisions;
    int photos;

    abstract DecisionStore open() throws Exception;

    @BeforeEach
    void fresh() throws Exception {
        decisions = open();
        photos = 0;
    }

    @Test
    void countsApprovalsAsRightCorrectionsAsWrongAndLeavesOutRejections() {
        // Week 42: Shirt 6 approved, 2 corrected to T-shirt/top, 1 to Pullover; Coat 3 approved.
        decide(WEEK_42, "Shirt", Decision.APPROVE, "Shirt", 6);
        decide(WEEK_42, "Shirt", Decision.CORRECT, "T-shirt/top", 2);
        decide(WEEK_42, "Shirt", Decision.CORRECT, "Pullover", 1);
        decide(WEEK_42, "Coat", Decision.APPROVE, "Coat", 3);
        // Week 43: Shirt 1 approved, 3 corrected to T-shirt/top; 2 rejections; 1 photo from rejected/ filed as Bag.
        decide(WEEK_43, "Shirt", Decision.APPROVE, "Shirt", 1);
        decide(WEEK_43, "Shirt", Decision.CORRECT, "T-shirt/top", 3);
        decide(WEEK_43, "Shirt", Decision.REJECT, null, 2);
        decide(WEEK_43, null, Decision.CORRECT, "Bag", 1);
        // Outside the period.
        decide(WEEK_42.minus(Duration.ofDays(30)), "Coat", Decision.CORRECT, "Dress", 5);

        QualityReport report = new LiveAccuracy(decisions, ZoneId.of("UTC"), Clock.systemUTC())
                .between(WEEK_42.minus(Duration.ofDays(2)), WEEK_43.plus(Duration.ofDays(1)), 9);

        assertThat(report.reviewed()).isEqualTo(16);
        assertThat(report.modelRight()).isEqualTo(10);
        assertThat(report.liveAccuracy()).isCloseTo(0.625, within(1e-9));
        assertThat(report.interval()).containsExactly(Wilson.interval95(10, 16).toArray(new Double[0]));
        assertThat(report.excluded()).containsEntry("rejected", 2).containsEntry("noPrediction", 1);
        assertThat(report.byCategory()).containsOnlyKeys("Coat", "Shirt");
        assertThat(report.byCategory().get("Shirt")).isEqualTo(Accuracy.of(7, 13));
        assertThat(report.byCategory().get("Coat")).isEqualTo(Accuracy.of(3, 3));
        assertThat(report.byWeek()).containsOnlyKeys("2026-W42", "2026-W43");
        assertThat(report.byWeek().get("2026-W42")).isEqualTo(Accuracy.of(9, 12));
        assertThat(report.byWeek().get("2026-W43")).isEqualTo(Accuracy.of(1, 4));
        assertThat(report.confusion()).containsExactly(
                new QualityReport.Confusion("Shirt", "Shirt", 7),
                new QualityReport.Confusion("Shirt", "T-shirt/top", 5),
                new QualityReport.Confusion("Coat", "Coat", 3),
                new QualityReport.Confusion("Shirt", "Pullover", 1));
    }

    @Test
    void aPeriodWithoutDecisionsHasNoFigure() {
        QualityReport report = new LiveAccuracy(decisions, ZoneId.of("UTC"), Clock.systemUTC())
                .between(WEEK_42, WEEK_43, 6);
        assertThat(report.reviewed()).isZero();
        assertThat(report.liveAccuracy()).isNull();
        assertThat(report.interval()).isEmpty();
        assertThat(report.byCategory()).isEmpty();
        assertThat(report.confusion()).isEmpty();
    }

    private void decide(Instant at, String model, Decision decision, String person, int count) {
        for (int i = 0; i < count; i++) {
            String object = "review/" + (model == null ? "rejected" : model.replace('/', '_')) + "/p-" + (photos++) + ".jpg";
            DecisionRecord pending = new DecisionRecord(DecisionRecord.idOf(object, 1), object, 1, null, null, model,
                    model == null ? null : 0.5, decision, person, null, "anna@returns.example",
                    at.plusSeconds(photos), null, DecisionRecord.State.PENDING);
            assertThat(decisions.claim(pending)).isEmpty();
            decisions.complete(pending.done(person == null ? "rejected/p.jpg" : "processed/" + person + "/p.jpg"));
        }
    }
}
