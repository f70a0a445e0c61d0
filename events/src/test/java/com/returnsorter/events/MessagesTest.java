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
    void confidenceBandsFollowTheDesign() {
        assertThat(ConfidenceBands.of(0.86, 0.70)).isEqualTo(ConfidenceBands.Band.HIGH);
        assertThat(ConfidenceBands.of(0.85, 0.70)).isEqualTo(ConfidenceBands.Band.MEDIUM);
        assertThat(ConfidenceBands.of(0.70, 0.70)).isEqualTo(ConfidenceBands.Band.MEDIUM);
        assertThat(ConfidenceBands.of(0.69, 0.70)).isEqualTo(ConfidenceBands.Band.LOW);
    }
}
