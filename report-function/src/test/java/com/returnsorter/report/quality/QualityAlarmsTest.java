package com.returnsorter.report.quality;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.returnsorter.events.RunStatus;
import com.returnsorter.events.RunSummary;
import com.returnsorter.events.Topics;
import com.returnsorter.report.alerts.AlertRecord;
import com.returnsorter.report.decisions.Decision;
import com.returnsorter.report.decisions.DecisionRecord;
import com.returnsorter.report.decisions.DecisionStore;
import com.returnsorter.report.history.HistoryStore;
import com.returnsorter.report.support.ReportService;
import com.returnsorter.report.support.Runs;
import com.returnsorter.report.support.TestClock;
import com.returnsorter.testing.SlackWebhookServer;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Simulated nights and mornings against the report service as deployed locally (SQLite history, the local
 * bucket), Slack as a real HTTP server and email through GreenMail: each quality alarm is raised once when its
 * threshold is crossed, not just below it, and a redelivered event or the next hourly watchdog sends nothing again.
 */
class QualityAlarmsTest {

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP);

    static final SlackWebhookServer SLACK = new SlackWebhookServer();
    static final String[] CATEGORIES = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
            "Sneaker", "Bag", "Ankle boot"};
    /** A Monday, 02:00 UTC: the first night of ISO week 2026-W47. */
    static final Instant FIRST_NIGHT = Instant.parse("2026-11-16T02:00:00Z");

    @TempDir
    Path folder;

    TestClock clock = new TestClock(FIRST_NIGHT.plus(Duration.ofMinutes(10)));
    ReportService service;
    Path bucket;

    @BeforeEach
    void start() throws Exception {
        SLACK.reset();
        bucket = Files.createDirectories(folder.resolve("bucket"));
        service = ReportService.start(bucket, clock, Map.of(
                "slack.webhook-url", SLACK.url(),
                "email.smtp-host", "127.0.0.1", "email.smtp-port", ServerSetupTest.SMTP.getPort(),
                "email.smtp-security", "none", "email.to", "returns-it@example.com"));
    }

    @AfterEach
    void stop() {
        service.close();
    }

    @AfterAll
    static void closeSlack() {
        SLACK.close();
    }

    @Test
    void aNightOf100PhotosWith44PercentToReviewRaisesLowConfidenceShare() {
        RunSummary night = night(0, 56, 44, even(100), 0.70);

        pushTwice(night);

        AlertRecord alert = alert(night.runId() + "-low-confidence-share");
        assertThat(alert.subject()).isEqualTo("44.0 % of the photos of run " + night.runId()
                + " below the review threshold");
        assertThat(alert.message()).contains("44 of 100 classified photos (44.0 %)", "review threshold of 0.70",
                "the limit is 20.0 %");
        assertThat(alert.channels().get("slack").state().isFinal()).isTrue();
        assertThat(slackMentions(alert.subject())).as("one Slack message names it, redelivery included").isEqualTo(1);
        assertThat(rulesOf(night.runId())).doesNotContain("low-confidence")
                .as("the old rule counts more than 50 photos, whatever the night's size");
    }

    @Test
    void lowConfidenceShareIsRaisedAboveTwentyPercentNotAtIt() {
        List<Integer> lowPerNight = List.of(10, 15, 20, 21, 30);
        List<String> raised = new java.util.ArrayList<>();
        for (int i = 0; i < lowPerNight.size(); i++) {
            RunSummary night = night(i, 100 - lowPerNight.get(i), lowPerNight.get(i), even(100), 0.70);
            pushTwice(night);
            if (rulesOf(night.runId()).contains("low-confidence-share")) {
                raised.add(lowPerNight.get(i) + "%");
            }
        }
        assertThat(raised).containsExactly("21%", "30%");
        assertThat(slackMentions("below the review threshold")).isEqualTo(2);
    }

    @Test
    void theShareIsCountedWithTheRunsOwnReviewThreshold() {
        RunSummary night = night(0, 75, 25, even(100), 0.55);
        pushTwice(night);
        assertThat(alert(night.runId() + "-low-confidence-share").message()).contains("review threshold of 0.55");
    }

    @Test
    void aDriftingCategoryMixRaisesCategoryDriftOnceNamingTheCategoriesThatMoved() {
        // 14 ordinary nights, then the Sandal share grows night after night.
        for (int i = 0; i < 14; i++) {
            pushTwice(night(i, 180, 20, even(200), 0.70));
        }
        int[] sandals = {30, 58, 64, 90, 20};
        List<Double> psi = new java.util.ArrayList<>();
        List<String> raised = new java.util.ArrayList<>();
        for (int k = 0; k < sandals.length; k++) {
            Map<String, Integer> mix = withSandals(200, sandals[k]);
            RunSummary night = night(14 + k, 180, 20, mix, 0.70);
            pushTwice(night);
            psi.add(drift(night).psi());
            if (rulesOf(night.runId()).contains("category-drift")) {
                raised.add(sandals[k] + " sandals");
            }
        }
        // The PSI of each night against the 14 before it (the drifting nights join the baseline); the limit is 0.25.
        assertThat(psi.get(1)).as("58 sandals").isBetween(0.23, 0.25);
        assertThat(psi.get(2)).as("64 sandals").isBetween(0.25, 0.27);
        assertThat(raised).containsExactly("64 sandals", "90 sandals");
        String firstRunId = service.history().runsStartedSince(FIRST_NIGHT).stream()
                .filter(r -> r.startedAt().equals(FIRST_NIGHT.plus(Duration.ofDays(16)))).findFirst().orElseThrow().runId();
        AlertRecord first = alert(firstRunId + "-category-drift");
        assertThat(first.subject()).endsWith("moved: Sandal");
        assertThat(first.message()).contains("is 0.26 (limit 0.25)", "Moved most: Sandal 32.0 % (before 11.7 %).",
                "the run's 200 classified photos against the 14 runs before");
        assertThat(slackMentions("Category mix of run")).isEqualTo(2);
    }

    @Test
    void categoryDriftWaitsForAFullBaselineAndEnoughPhotos() {
        for (int i = 0; i < 13; i++) {
            pushTwice(night(i, 180, 20, even(200), 0.70));
        }
        RunSummary thirteenRunsBefore = night(13, 180, 20, withSandals(200, 120), 0.70);
        pushTwice(thirteenRunsBefore);
        assertThat(rulesOf(thirteenRunsBefore.runId())).doesNotContain("category-drift");

        RunSummary small = night(14, 90, 9, withSandals(99, 80), 0.70);
        pushTwice(small);
        assertThat(rulesOf(small.runId())).as("99 photos, below category-drift-min-photos").doesNotContain("category-drift");
    }

    @Test
    void aFallingWeekOfDecisionsRaisesLiveAccuracyDropOnceAtTheFloor() throws Exception {
        DecisionStore decisions = service.context().getBean(DecisionStore.class);
        clock.set(FIRST_NIGHT.plus(Duration.ofHours(6)));
        // 29 decisions, 10 right (34 %): too few to judge.
        decide(decisions, 10, 19);
        assertThat(service.push(Topics.WATCHDOG, Map.of())).isEqualTo(200);
        assertThat(liveAccuracyAlerts()).isEmpty();
        // 60 decisions, 36 right: 60 %, at the floor, not below it.
        decide(decisions, 26, 5);
        clock.advance(Duration.ofHours(1));
        assertThat(service.push(Topics.WATCHDOG, Map.of())).isEqualTo(200);
        assertThat(liveAccuracyAlerts()).isEmpty();
        // One more wrong: 36 of 61, 59.0 %, below the floor.
        decide(decisions, 0, 1);
        clock.advance(Duration.ofHours(1));
        assertThat(service.push(Topics.WATCHDOG, Map.of())).isEqualTo(200);
        clock.advance(Duration.ofHours(1));
        assertThat(service.push(Topics.WATCHDOG, Map.of())).as("the next hour").isEqualTo(200);

        List<AlertRecord> raised = liveAccuracyAlerts();
        assertThat(raised).extracting(AlertRecord::alertId).containsExactly("2026-W47-live-accuracy-drop");
        assertThat(raised.get(0).subject()).isEqualTo("Live accuracy 59.0 % in week 2026-W47, below 60.0 %");
        assertThat(raised.get(0).message()).contains("36 of 61 photos");
        assertThat(raised.get(0).channels()).containsOnlyKeys("email", "slack");
        MimeMessage[] mails = MAIL.getReceivedMessages();
        assertThat(mails).filteredOn(m -> subject(m).contains("Live accuracy")).hasSize(1);
        assertThat(slackMentions("Live accuracy 59.0 %")).isEqualTo(1);
    }

    private int decisionCount;

    /** Records {@code right} approvals and {@code wrong} corrections (Shirt said, Pullover meant). */
    private void decide(DecisionStore decisions, int right, int wrong) {
        for (int i = 0; i < right + wrong; i++) {
            boolean approve = i < right;
            String object = "review/Shirt/photo-" + (decisionCount++) + ".jpg";
            DecisionRecord pending = new DecisionRecord(DecisionRecord.idOf(object, 1), object, 1, null, null, "Shirt",
                    0.5, approve ? Decision.APPROVE : Decision.CORRECT, approve ? "Shirt" : "Pullover", null,
                    "anna@returns.example", clock.instant(), null, DecisionRecord.State.PENDING);
            assertThat(decisions.claim(pending)).isEmpty();
            decisions.complete(pending.done("processed/" + (approve ? "Shirt" : "Pullover") + "/photo.jpg"));
        }
    }

    private List<AlertRecord> liveAccuracyAlerts() {
        return service.history().alerts(HistoryStore.AlertQuery.recent(100)).stream()
                .filter(a -> a.rule().equals("live-accuracy-drop")).toList();
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A night {@code index} days after the first, with these counts, categories and review threshold. */
    private RunSummary night(int index, int sorted, int low, Map<String, Integer> categories, double threshold) {
        Instant startedAt = FIRST_NIGHT.plus(Duration.ofDays(index));
        clock.set(startedAt.plus(Duration.ofMinutes(10)));
        RunSummary base = Runs.summary(startedAt, UUID.randomUUID().toString(), sorted, low, 0, 0, 120,
                RunStatus.SUCCESS);
        RunSummary night = new RunSummary(base.schemaVersion(), base.runId(), base.status(), base.trigger(),
                base.dryRun(), base.timestamp(), base.startedAt(), base.finishedAt(), base.totalProcessed(),
                base.successful(), base.failed(), base.sorted(), base.lowConfidence(), base.rejected(),
                base.leftInIncoming(), base.successRate(), base.processingTimeSeconds(), categories,
                new RunSummary.ConfidenceDistribution(sorted / 2, sorted - sorted / 2, low, threshold), base.errors(),
                base.errorMessage(), base.model(), base.reports(), base.bucket());
        Runs.writeReports(bucket, night);
        return night;
    }

    private void pushTwice(RunSummary night) {
        int before = SLACK.delivered().size();
        assertThat(service.push(Topics.BATCH_COMPLETED, night)).isEqualTo(200);
        assertThat(service.push(Topics.BATCH_COMPLETED, night)).as("redelivered").isEqualTo(200);
        assertThat(SLACK.delivered()).as("one Slack message a night, however often it is delivered").hasSize(before + 1);
    }

    private CategoryDriftOf drift(RunSummary night) {
        var history = service.history();
        var run = history.findRun(night.runId()).orElseThrow();
        var earlier = history.runsStartedSince(run.startedAt().minus(Duration.ofDays(60))).stream()
                .filter(r -> r.startedAt().isBefore(run.startedAt())).limit(14).map(r -> r.categories()).toList();
        var drift = com.returnsorter.report.alerts.CategoryDrift.of(run.categories(),
                com.returnsorter.report.alerts.CategoryDrift.pooled(earlier));
        return new CategoryDriftOf(drift.psi());
    }

    private record CategoryDriftOf(double psi) {
    }

    private static Map<String, Integer> even(int photos) {
        Map<String, Integer> mix = new LinkedHashMap<>();
        for (int i = 0; i < photos; i++) {
            mix.merge(CATEGORIES[i % CATEGORIES.length], 1, Integer::sum);
        }
        return mix;
    }

    /** {@code photos} with {@code sandals} Sandals, the rest spread evenly over the other nine categories. */
    private static Map<String, Integer> withSandals(int photos, int sandals) {
        Map<String, Integer> mix = new LinkedHashMap<>();
        mix.put("Sandal", sandals);
        List<String> others = java.util.Arrays.stream(CATEGORIES).filter(c -> !c.equals("Sandal")).toList();
        for (int i = 0; i < photos - sandals; i++) {
            mix.merge(others.get(i % others.size()), 1, Integer::sum);
        }
        return mix;
    }

    private List<String> rulesOf(String runId) {
        return service.history().alerts(new HistoryStore.AlertQuery(null, null, runId, 100)).stream()
                .map(AlertRecord::rule).toList();
    }

    private AlertRecord alert(String alertId) {
        return service.history().findAlert(alertId).orElseThrow(() -> new AssertionError("no alert " + alertId
                + "; alerts: " + service.history().alerts(HistoryStore.AlertQuery.recent(100)).stream()
                .map(AlertRecord::alertId).toList()));
    }

    /** Slack messages that mention {@code text} (one message a night carries all the night's alerts). */
    private long slackMentions(String text) {
        return SLACK.delivered().stream().filter(body -> body.contains(text)).count();
    }
}
