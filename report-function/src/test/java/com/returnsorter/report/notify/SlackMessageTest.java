package com.returnsorter.report.notify;

import com.returnsorter.events.RunStatus;
import com.returnsorter.report.alerts.Severity;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

class SlackMessageTest {

    private static final JsonMapper JSON = JsonMapper.createDefault();

    static JsonNode parse(String json) throws IOException {
        return JSON.readValue(json, JsonNode.class);
    }

    static List<JsonNode> blocks(JsonNode payload, String type) {
        return StreamSupport.stream(payload.get("blocks").values().spliterator(), false)
                .filter(block -> type.equals(block.get("type").getStringValue()))
                .toList();
    }

    static String sectionTexts(JsonNode payload) {
        return String.join("\n", blocks(payload, "section").stream()
                .filter(block -> block.get("text") != null)
                .map(block -> block.get("text").get("text").getStringValue())
                .toList());
    }

    @Test
    void headerNamesSeverityAndSubject() throws IOException {
        JsonNode payload = parse(SlackMessage.of(Alerts.highErrorRate()).toJson(JSON));

        JsonNode header = payload.get("blocks").get(0);
        assertThat(header.get("type").getStringValue()).isEqualTo("header");
        assertThat(header.get("text").get("type").getStringValue()).isEqualTo("plain_text");
        assertThat(header.get("text").get("text").getStringValue())
                .isEqualTo("🟠 ERROR · 12.0 % of the photos failed");
    }

    @Test
    void theOtherAlertsOfTheMessageAreListedUnderAlso() throws IOException {
        String sections = sectionTexts(parse(SlackMessage.of(Alerts.withRelated()).toJson(JSON)));
        assertThat(sections).contains("*Also*\n• 🟡 26.4 % of the photos of run " + Alerts.RUN_ID
                + " below the review threshold `low-confidence-share`");
        assertThat(sectionTexts(parse(SlackMessage.of(Alerts.highErrorRate()).toJson(JSON)))).doesNotContain("*Also*");
    }

    @Test
    void fieldsCarryTheBatchFigures() throws IOException {
        JsonNode payload = parse(SlackMessage.of(Alerts.lowConfidence()).toJson(JSON));

        JsonNode fields = blocks(payload, "section").stream().filter(block -> block.get("fields") != null)
                .findFirst().orElseThrow().get("fields");
        List<String> texts = new ArrayList<>();
        fields.values().forEach(field -> {
            assertThat(field.get("type").getStringValue()).isEqualTo("mrkdwn");
            texts.add(field.get("text").getStringValue());
        });
        assertThat(texts).containsExactly(
                "*Photos*\n250",
                "*Success rate*\n88.0 %",
                "*Failed*\n30 (28 rejected, 2 left in incoming/)",
                "*Low confidence*\n57 to review in review/",
                "*Duration*\n12 min 30 s",
                "*Status*\npartial");
    }

    @Test
    void categoriesAreSortedByCountThenName() throws IOException {
        String sections = sectionTexts(parse(SlackMessage.of(Alerts.lowConfidence()).toJson(JSON)));

        assertThat(sections).contains("*Categories*\n• Dress: 90\n• Sneaker: 43\n• Bag: 40\n• Trouser: 40");
        assertThat(sections).contains("*Error*\npredict timed out for 2 photos");
    }

    @Test
    void linksToTheReportAndTheDashboardAndNamesTheRunInContext() throws IOException {
        JsonNode payload = parse(SlackMessage.of(Alerts.lowConfidence()).toJson(JSON));

        assertThat(sectionTexts(payload))
                .contains("<" + Alerts.REPORT + "|📄 HTML report>")
                .contains("<" + Alerts.DASHBOARD + "|📊 Dashboard>");
        String context = blocks(payload, "context").get(0).get("elements").get(0).get("text").getStringValue();
        // 02:12:30 UTC is 03:12 in Berlin in November
        assertThat(context).isEqualTo("Run `20261122_020000_abc123` · scheduled · model fashion-mnist-cnn 1.2.0"
                + " · Sun 22 Nov 2026, 03:12 CET");
    }

    @Test
    void fallbackTextNamesSeverityAndSubject() throws IOException {
        JsonNode payload = parse(SlackMessage.of(Alerts.lowConfidence()).toJson(JSON));

        assertThat(payload.get("text").getStringValue())
                .startsWith("[WARNING] 57 photos to review (run 20261122_020000_abc123)")
                .contains(Alerts.REPORT);
    }

    @Test
    void missedRunShowsTheMessageAndOnlyTheDashboard() throws IOException {
        JsonNode payload = parse(SlackMessage.of(Alerts.missedRun()).toJson(JSON));

        assertThat(payload.get("blocks").get(0).get("text").get("text").getStringValue())
                .isEqualTo("🟡 WARNING · No finished run in 36 h");
        assertThat(blocks(payload, "section")).noneMatch(block -> block.get("fields") != null);
        String sections = sectionTexts(payload);
        assertThat(sections).contains("The last finished run was 20261122_020000_abc123, 37 h ago.")
                .contains("<" + Alerts.DASHBOARD + "|📊 Dashboard>")
                .doesNotContain("HTML report");
        assertThat(blocks(payload, "context").get(0).get("elements").get(0).get("text").getStringValue())
                .isEqualTo("Alert `20261123-missed-run` · Mon 23 Nov 2026, 16:00 CET");
    }

    @Test
    void escapesSlackControlCharactersInUserText() throws IOException {
        var run = Alerts.run(RunStatus.FAILED, 10, 10, 0, Map.of("<!channel> & co", 1),
                "predict said <html> & gave up");
        var notification = Alerts.notification("run-failed", Severity.CRITICAL, "Run failed",
                "Run failed: <https://evil.example|click> & more", run);

        JsonNode payload = parse(SlackMessage.of(notification).toJson(JSON));

        String sections = sectionTexts(payload);
        assertThat(sections).contains("Run failed: &lt;https://evil.example|click&gt; &amp; more")
                .contains("• &lt;!channel&gt; &amp; co: 1")
                .contains("predict said &lt;html&gt; &amp; gave up")
                .doesNotContain("<!channel>", "<https://evil");
        assertThat(payload.get("blocks").get(0).get("text").get("text").getStringValue())
                .isEqualTo("🔴 CRITICAL · Run failed");
    }

    @Test
    void longMessagesStayWithinBlockKitLimits() throws IOException {
        var notification = Alerts.notification("run-failed", Severity.CRITICAL, "x".repeat(400), "y".repeat(5000),
                Alerts.partialRun());

        JsonNode payload = parse(SlackMessage.of(notification).toJson(JSON));

        assertThat(payload.get("blocks").get(0).get("text").get("text").getStringValue()).hasSizeLessThanOrEqualTo(150);
        blocks(payload, "section").stream().filter(block -> block.get("text") != null)
                .forEach(block -> assertThat(block.get("text").get("text").getStringValue())
                        .hasSizeLessThanOrEqualTo(3000));
    }
}
