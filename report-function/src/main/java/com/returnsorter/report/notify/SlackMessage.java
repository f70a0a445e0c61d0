package com.returnsorter.report.notify;

import com.returnsorter.report.alerts.AlertRecord;
import com.returnsorter.report.alerts.Notification;
import com.returnsorter.report.history.RunRecord;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An alert as a Slack message: the Block Kit payload of an incoming webhook, with a plain {@code text}
 * fallback for notifications and clients that do not show blocks.
 *
 * @param text    the fallback text
 * @param payload the whole webhook body ({@code text} and {@code blocks}), as JSON-ready maps and lists
 */
public record SlackMessage(String text, Map<String, Object> payload) {

    // Block Kit limits; Slack refuses a payload that exceeds one with 400 invalid_blocks.
    private static final int HEADER_MAX = 150;
    private static final int SECTION_MAX = 3000;
    private static final int FIELD_MAX = 2000;
    private static final int CATEGORY_LINES = 25;

    public static SlackMessage of(Notification notification) {
        AlertRecord alert = notification.alert();
        RunRecord run = notification.run();
        String severity = Figures.emoji(alert.severity()) + " " + alert.severity().wireName();

        List<Object> blocks = new ArrayList<>();
        blocks.add(object("type", "header", "text",
                object("type", "plain_text", "text", truncate(severity + " · " + alert.subject(), HEADER_MAX),
                        "emoji", true)));
        if (alert.message() != null && !alert.message().isBlank()) {
            blocks.add(section(escape(alert.message())));
        }
        if (!notification.related().isEmpty()) {
            // The other alerts of the same event on this channel: one message, but none of them unseen.
            StringBuilder also = new StringBuilder("*Also*");
            for (AlertRecord other : notification.related()) {
                also.append("\n• ").append(Figures.emoji(other.severity())).append(' ')
                        .append(escape(other.subject())).append(" `").append(escape(other.rule())).append('`');
            }
            blocks.add(section(also.toString()));
        }
        if (run != null) {
            blocks.add(object("type", "section", "fields", List.of(
                    field("Photos", String.valueOf(run.totalImages())),
                    field("Success rate", Figures.percent(run.successRate())),
                    field("Failed", Figures.failed(run)),
                    field("Low confidence", Figures.lowConfidence(run)),
                    field("Duration", Figures.duration(run.durationSeconds())),
                    field("Status", Figures.status(run)))));
            if (!run.categories().isEmpty()) {
                blocks.add(section(categories(run)));
            }
            StringBuilder problems = new StringBuilder();
            if (run.errorMessage() != null && !run.errorMessage().isBlank()) {
                problems.append("*Error*\n").append(escape(run.errorMessage()));
            }
            if (run.itemsNote() != null && !run.itemsNote().isBlank()) {
                problems.append(problems.isEmpty() ? "" : "\n").append("*Items*\n").append(escape(run.itemsNote()));
            }
            if (!problems.isEmpty()) {
                blocks.add(section(problems.toString()));
            }
        }
        // Links in mrkdwn rather than link buttons: a button in a webhook-only app shows a warning icon
        // when clicked, because Slack also sends the click to the (absent) interactivity endpoint.
        String links = link(notification.dashboardUrl(), "📊 Dashboard");
        if (notification.reportUrl() != null) {
            links = link(notification.reportUrl(), "📄 HTML report") + "   " + links;
        }
        blocks.add(section(links));
        blocks.add(object("type", "context", "elements",
                List.of(object("type", "mrkdwn", "text", context(notification)))));

        String text = "[" + alert.severity().wireName() + "] " + escape(alert.subject())
                + (run == null ? "" : " (run " + escape(run.runId()) + ")")
                + (notification.reportUrl() == null ? "" : " " + link(notification.reportUrl(), "report"));
        return new SlackMessage(text, object("text", text, "blocks", blocks));
    }

    /** The webhook body. */
    public String toJson(JsonMapper mapper) {
        try {
            return mapper.writeValueAsString(payload);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the Slack payload", e);
        }
    }

    /** Slack reads {@code &}, {@code <} and {@code >} as control characters in mrkdwn (links, mentions). */
    static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String categories(RunRecord run) {
        List<Map.Entry<String, Integer>> categories = Figures.categories(run);
        StringBuilder text = new StringBuilder("*Categories*");
        categories.stream().limit(CATEGORY_LINES).forEach(category ->
                text.append("\n• ").append(escape(category.getKey())).append(": ").append(category.getValue()));
        if (categories.size() > CATEGORY_LINES) {
            text.append("\n… and ").append(categories.size() - CATEGORY_LINES).append(" more");
        }
        return text.toString();
    }

    private static String context(Notification notification) {
        RunRecord run = notification.run();
        String when = Figures.time(Figures.when(notification), notification.timeZone());
        if (run == null) {
            return "Alert `" + escape(notification.alert().alertId()) + "` · " + when;
        }
        return "Run `" + escape(run.runId()) + "` · " + escape(run.trigger()) + (run.dryRun() ? " · dry run" : "")
                + " · model " + escape(Figures.model(run)) + " · " + when;
    }

    private static String link(String url, String label) {
        // Inside <url|label> a '|' would end the URL early; '&', '<', '>' are escaped like any mrkdwn text.
        return "<" + escape(url.replace("|", "%7C")) + "|" + label + ">";
    }

    private static Map<String, Object> section(String mrkdwn) {
        return object("type", "section", "text", object("type", "mrkdwn", "text", truncate(mrkdwn, SECTION_MAX)));
    }

    private static Map<String, Object> field(String label, String value) {
        return object("type", "mrkdwn", "text", truncate("*" + label + "*\n" + escape(value), FIELD_MAX));
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    /** A JSON object that keeps its keys in the order given, so the payload reads like Slack's documentation. */
    private static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            object.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return object;
    }
}
