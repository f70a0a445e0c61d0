package com.returnsorter.report.alerts;

import com.returnsorter.events.RunStatus;
import com.returnsorter.events.RunSummary;
import com.returnsorter.report.history.RunRecord;
import com.returnsorter.report.support.Runs;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The rule table of DESIGN.md at and around each threshold. */
class AlertRulesTest {

    static final Instant NIGHT = Instant.parse("2026-11-22T02:00:00Z");
    final AlertRules rules = new AlertRules(new AlertConfiguration(0.10, 50, Duration.ofMinutes(15),
            Duration.ofHours(36), 3, Duration.ofMinutes(2), 0.20, 0.25, 14, 100, 0.60, 30));

    @Test
    void aGoodNightRaisesOnlyItsSummaryToSlack() {
        List<AlertRecord> alerts = evaluate(240, 10, 0, 0, 300, RunStatus.SUCCESS);
        assertThat(alerts).extracting(AlertRecord::rule).containsExactly("run-summary");
        assertThat(alerts.get(0).severity()).isEqualTo(Severity.INFO);
        assertThat(alerts.get(0).channels()).containsOnlyKeys("slack");
        assertThat(alerts.get(0).alertId()).endsWith("-run-summary");
    }

    @Test
    void errorRateAboveTenPercentIsAnErrorByEmailAndSlack() {
        assertThat(rulesOf(evaluate(90, 0, 5, 5, 60, RunStatus.PARTIAL))).as("exactly 10 %").doesNotContain("high-error-rate");
        List<AlertRecord> alerts = evaluate(89, 0, 6, 5, 60, RunStatus.PARTIAL);
        assertThat(rulesOf(alerts)).containsExactly("high-error-rate", "run-summary");
        assertThat(alerts.get(0).severity()).isEqualTo(Severity.ERROR);
        assertThat(alerts.get(0).channels()).containsOnlyKeys("email", "slack");
        assertThat(alerts.get(0).subject()).contains("11.0 %");
    }

    @Test
    void aFailedRunIsCriticalAndNotAlsoAHighErrorRate() {
        assertThat(rulesOf(evaluate(0, 0, 0, 0, 91, RunStatus.FAILED))).containsExactly("run-failed", "run-summary");
        assertThat(rulesOf(evaluate(0, 0, 20, 0, 30, RunStatus.PARTIAL)))
                .as("no photo succeeded").containsExactly("run-failed", "run-summary");
        assertThat(evaluate(0, 0, 0, 0, 91, RunStatus.FAILED).get(0).severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void moreThanFiftyToReviewIsAWarning() {
        assertThat(rulesOf(evaluate(200, 50, 0, 0, 60, RunStatus.SUCCESS))).doesNotContain("low-confidence");
        // 51 of 301 (16.9 %): below low-confidence-share's 20 %, so only the count rule fires.
        List<AlertRecord> alerts = evaluate(250, 51, 0, 0, 60, RunStatus.SUCCESS);
        assertThat(rulesOf(alerts)).containsExactly("low-confidence", "run-summary");
        assertThat(alerts.get(0).channels()).containsOnlyKeys("slack");
    }

    @Test
    void aRunOverFifteenMinutesIsSlow() {
        assertThat(rulesOf(evaluate(200, 0, 0, 0, 900, RunStatus.SUCCESS))).doesNotContain("slow-run");
        assertThat(rulesOf(evaluate(200, 0, 0, 0, 901, RunStatus.SUCCESS))).containsExactly("slow-run", "run-summary");
    }

    @Test
    void aDryRunRaisesOnlyItsSummary() {
        RunSummary s = Runs.summary(NIGHT, "m", 0, 0, 0, 0, 2000, RunStatus.FAILED);
        RunRecord dry = RunRecord.of(new RunSummary(s.schemaVersion(), s.runId(), s.status(), s.trigger(), true,
                s.timestamp(), s.startedAt(), s.finishedAt(), 0, 0, 0, 0, 0, 0, 0, 100, 2000, s.categories(),
                s.confidenceDistribution(), s.errors(), s.errorMessage(), s.model(), s.reports(), s.bucket()), 0, null, NIGHT);
        assertThat(rulesOf(rules.evaluate(dry, NIGHT))).containsExactly("run-summary");
    }

    @Test
    void aMissedRunIsNamedByTheDayInTheReportsZone() {
        Instant now = Instant.parse("2026-11-22T23:30:00Z");
        List<AlertRecord> missed = rules.missedRun(now, ZoneId.of("Europe/Berlin"), now.minus(Duration.ofHours(37)),
                now.minus(Duration.ofDays(100)));
        assertThat(missed).singleElement().satisfies(alert -> {
            assertThat(alert.alertId()).isEqualTo("20261123-missed-run");
            assertThat(alert.channels()).containsOnlyKeys("email");
            assertThat(alert.runId()).isNull();
        });
        assertThat(rules.missedRun(now, ZoneId.of("UTC"), now.minus(Duration.ofHours(36)), now.minus(Duration.ofDays(9))))
                .as("exactly the window is not missed yet").isEmpty();
    }

    private List<AlertRecord> evaluate(int sorted, int review, int rejected, int errors, double seconds, RunStatus status) {
        RunSummary summary = Runs.summary(NIGHT, "m", sorted, review, rejected, errors, seconds, status);
        return rules.evaluate(RunRecord.of(summary, summary.totalProcessed(), null, NIGHT), NIGHT);
    }

    private static List<String> rulesOf(List<AlertRecord> alerts) {
        return alerts.stream().map(AlertRecord::rule).toList();
    }
}
