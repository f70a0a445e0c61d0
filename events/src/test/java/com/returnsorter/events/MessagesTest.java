package com.returnsorter.events;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The wire format batch and report agree on. */
class MessagesTest {

    private static ApplicationContext context;
    private static JsonMapper json;

    @BeforeAll
    static void start() {
        context = ApplicationContext.run();
        json = context.getBean(JsonMapper.class);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Test
    void aRedeliveredMessageNamesTheSameRunAndAnotherMessageAnother() {
        Instant published = Instant.parse("2026-11-22T02:00:00.123Z");

        String runId = RunIds.of(published, "4711");

        assertThat(runId).matches(RunIds.PATTERN).startsWith("20261122_020000_");
        assertThat(RunIds.of(published, "4711")).isEqualTo(runId);
        assertThat(RunIds.of(published, "4712")).isNotEqualTo(runId);
    }

    @Test
    void triggersUseLowerCaseReasonsAndRefuseUnknownOnes() throws Exception {
        BatchTrigger trigger = json.readValue("{\"reason\":\"scheduled\",\"requestedAt\":\"2026-11-22T02:00:00Z\"}",
                BatchTrigger.class);

        assertThat(trigger.reason()).isEqualTo(TriggerReason.SCHEDULED);
        assertThat(new String(json.writeValueAsBytes(BatchTrigger.continuation("20261122_020000_abcdef", Instant.EPOCH)),
                StandardCharsets.UTF_8)).contains("\"reason\":\"continuation\"").contains("\"runId\":\"20261122_020000_abcdef\"");
        assertThatThrownBy(() -> json.readValue("{\"reason\":\"whenever\"}", BatchTrigger.class))
                .hasMessageContaining("unknown trigger reason 'whenever'");
    }

    @Test
    void theSummaryIsSnakeCaseWithLowerCaseStatusesAndRoundTrips() throws Exception {
        RunSummary summary = new RunSummary(RunSummary.SCHEMA_VERSION, "20261122_020000_abcdef", RunStatus.PARTIAL,
                TriggerReason.SCHEDULED, false, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, 3, 2, 1, 1, 1, 1, 0, 66.7, 1.5,
                Map.of("Coat", 2), new RunSummary.ConfidenceDistribution(1, 0, 1),
                List.of(new RunSummary.ItemError("incoming/a.txt", ItemStatus.REJECTED, "not-an-image", "text")),
                null, new RunSummary.ModelInfo("m", "1"), RunSummary.ReportPaths.forRun("20261122_020000_abcdef"), "gs://b");

        String text = new String(json.writeValueAsBytes(summary), StandardCharsets.UTF_8);

        assertThat(text).contains("\"total_processed\":3", "\"success_rate\":66.7", "\"status\":\"partial\"",
                "\"trigger\":\"scheduled\"", "\"confidence_distribution\":{\"high\":1,\"medium\":0,\"low\":1}",
                "\"status\":\"rejected\"", "\"report_html\":\"reports/20261122_020000_abcdef/report.html\"",
                "\"error_message\":null");
        assertThat(json.readValue(text, RunSummary.class)).isEqualTo(summary);
    }

    @Test
    void theCountsHaveOneShapeAndTheSummaryTheBatchBuildsFromThemGivesThemBack() throws Exception {
        RunCounts counts = RunCounts.of(2, 1, 1, 0, Map.of("Coat", 2, "Shirt", 1),
                new RunSummary.ConfidenceDistribution(1, 1, 1, 0.6), new RunSummary.ModelInfo("m", "3"));
        String runId = "20261122_020000_abcdef";

        String text = new String(json.writeValueAsBytes(counts), StandardCharsets.UTF_8);
        RunSummary summary = RunSummary.of(runId, RunStatus.PARTIAL, TriggerReason.MANUAL, false, Instant.EPOCH,
                Instant.EPOCH.plusMillis(1500), counts, List.of(), null, RunSummary.ReportPaths.forRun(runId), "gs://b");
        RunSummary read = json.readValue(json.writeValueAsBytes(summary), RunSummary.class);

        assertThat(text).contains("\"totalImages\":4", "\"successful\":3", "\"failed\":1", "\"sorted\":2",
                "\"lowConfidence\":1", "\"rejected\":1", "\"leftInIncoming\":0", "\"successRate\":75.0",
                "\"confidence\":{\"high\":1,\"medium\":1,\"low\":1,\"review_threshold\":0.6}",
                "\"model\":{\"name\":\"m\",\"version\":\"3\"}");
        assertThat(json.readValue(text, RunCounts.class)).isEqualTo(counts);
        assertThat(read.counts()).isEqualTo(counts);
        assertThat(read.counts().reviewThreshold()).isEqualTo(0.6);
        assertThat(read.processingTimeSeconds()).isEqualTo(1.5);
        assertThat(read.timestamp()).isEqualTo(read.finishedAt());
    }

    @Test
    void aSummaryFromBeforeTheThresholdTravelledReadsWithTheDefaultThreshold() throws Exception {
        String old = """
                {"schema_version":1,"run_id":"20261122_020000_abcdef","status":"success","trigger":"scheduled",
                 "dry_run":false,"timestamp":"2026-11-22T02:00:01Z","started_at":"2026-11-22T02:00:00Z",
                 "finished_at":"2026-11-22T02:00:01Z","total_processed":2,"successful":2,"failed":0,"sorted":1,
                 "low_confidence":1,"rejected":0,"left_in_incoming":0,"success_rate":100.0,
                 "processing_time_seconds":1.0,"categories":{"Coat":2},
                 "confidence_distribution":{"high":1,"medium":0,"low":1},"errors":[],"error_message":null,
                 "model":{"name":"m","version":"1"},"reports":{"results_csv":"reports/20261122_020000_abcdef/results.csv",
                 "summary_json":"reports/20261122_020000_abcdef/summary.json",
                 "report_html":"reports/20261122_020000_abcdef/report.html"},"bucket":"gs://b"}
                """;

        RunCounts counts = json.readValue(old, RunSummary.class).counts();

        assertThat(counts).isEqualTo(new RunCounts(2, 2, 0, 1, 1, 0, 0, 100.0, Map.of("Coat", 2),
                new RunSummary.ConfidenceDistribution(1, 0, 1, null), new RunSummary.ModelInfo("m", "1")));
        assertThat(counts.reviewThreshold()).isEqualTo(ConfidenceBands.DEFAULT_REVIEW_THRESHOLD);
    }

    @Test
    void confidenceBandsFollowTheDesign() {
        assertThat(ConfidenceBands.of(0.86, 0.70)).isEqualTo(ConfidenceBands.Band.HIGH);
        assertThat(ConfidenceBands.of(0.85, 0.70)).isEqualTo(ConfidenceBands.Band.MEDIUM);
        assertThat(ConfidenceBands.of(0.70, 0.70)).isEqualTo(ConfidenceBands.Band.MEDIUM);
        assertThat(ConfidenceBands.of(0.69, 0.70)).isEqualTo(ConfidenceBands.Band.LOW);
    }
}
