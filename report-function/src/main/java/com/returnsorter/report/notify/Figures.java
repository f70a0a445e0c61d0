package com.returnsorter.report.notify;

import com.returnsorter.report.alerts.Notification;
import com.returnsorter.report.alerts.Severity;
import com.returnsorter.report.history.RunRecord;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The wording of figures, times and severities shared by the Slack and the email message. */
final class Figures {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm zzz", Locale.ENGLISH);

    private Figures() {
    }

    static String emoji(Severity severity) {
        return switch (severity) {
            case CRITICAL -> "🔴";
            case ERROR -> "🟠";
            case WARNING -> "🟡";
            case INFO -> "🔵";
        };
    }

    static String time(Instant instant, ZoneId zone) {
        return TIME.format(instant.atZone(zone));
    }

    /** When the alert is about: the end of its run, else when it was raised. */
    static Instant when(Notification notification) {
        if (notification.run() != null) {
            return notification.run().finishedAt();
        }
        return notification.alert().createdAt() == null ? Instant.now() : notification.alert().createdAt();
    }

    static String duration(double seconds) {
        long total = Math.round(seconds);
        if (total < 60) {
            return total + " s";
        }
        if (total < 3600) {
            return total / 60 + " min " + total % 60 + " s";
        }
        return total / 3600 + " h " + String.format(Locale.ROOT, "%02d", total % 3600 / 60) + " min";
    }

    static String percent(double value) {
        return String.format(Locale.ROOT, "%.1f %%", value);
    }

    static String failed(RunRecord run) {
        if (run.failed() == 0) {
            return "0";
        }
        return run.failed() + " (" + run.rejected() + " rejected, " + run.leftInIncoming() + " left in incoming/)";
    }

    static String lowConfidence(RunRecord run) {
        return run.lowConfidence() == 0 ? "0" : run.lowConfidence() + " to review in review/";
    }

    static String status(RunRecord run) {
        return run.status().wireName() + (run.dryRun() ? " (dry run: nothing was moved)" : "");
    }

    static String model(RunRecord run) {
        return run.model() == null ? "unknown model" : run.model().name() + " " + run.model().version();
    }

    /** Categories, most photos first, then by name. */
    static List<Map.Entry<String, Integer>> categories(RunRecord run) {
        return run.categories().entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .toList();
    }

    /** The run id, or the alert id for an alert without a run. */
    static String reference(Notification notification) {
        return notification.run() != null ? notification.run().runId() : notification.alert().alertId();
    }
}
