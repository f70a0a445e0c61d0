package com.returnsorter.report.alerts;

import com.returnsorter.events.RunStatus;
import com.returnsorter.report.history.RunRecord;
import com.returnsorter.report.quality.Accuracy;
import com.returnsorter.report.quality.LiveAccuracy;
import com.returnsorter.storage.ObjectKeys;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Decides which alerts a run raises (DESIGN.md, "Alert rules"), with the thresholds of
 * {@link AlertConfiguration}. Alert ids are {@code <runId>-<rule>}, {@code <yyyyMMdd>-missed-run} and
 * {@code <yyyyMMdd>-review-backlog} and {@code <yyyy-Www>-live-accuracy-drop} (one per ISO week),
 * so evaluating the same run again yields the same alerts.
 *
 * <p>Two decisions beyond the table: a run that failed as a whole raises {@code run-failed} and not
 * also {@code high-error-rate} (one problem, one alert); and a dry run raises only its
 * {@code run-summary}, since it moved nothing.
 */
@Singleton
public class AlertRules {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT);

    private final AlertConfiguration configuration;

    public AlertRules(AlertConfiguration configuration) {
        this.configuration = configuration;
    }

    /** The alerts a recorded run raises without a baseline for {@code category-drift}. */
    public List<AlertRecord> evaluate(RunRecord run, Instant now) {
        return evaluate(run, List.of(), now);
    }

    /**
     * The alerts a recorded run raises, most severe first; {@code run-summary} always.
     *
     * @param earlier the real runs before it, newest first ({@code category-drift} takes the first
     *                {@code alerts.category-drift-runs} of them that classified photos)
     */
    public List<AlertRecord> evaluate(RunRecord run, List<RunRecord> earlier, Instant now) {
        List<AlertRecord> alerts = new ArrayList<>();
        if (!run.dryRun()) {
            boolean failed = run.status() == RunStatus.FAILED || run.totalImages() > 0 && run.successful() == 0;
            if (failed) {
                alerts.add(alert(AlertRule.RUN_FAILED, run, now,
                        "Run " + run.runId() + " failed",
                        (run.errorMessage() == null ? "No photo was classified and sorted." : run.errorMessage())
                                + " Photos that were not sorted are still in incoming/ and the next run retries them."));
            } else if (run.totalImages() > 0 && errorRate(run) > configuration.errorRate()) {
                alerts.add(alert(AlertRule.HIGH_ERROR_RATE, run, now,
                        percent(errorRate(run)) + " of the photos failed in run " + run.runId(),
                        run.failed() + " of " + run.totalImages() + " photos failed (" + run.rejected()
                                + " rejected as not a readable image, " + run.leftInIncoming()
                                + " left in incoming/ after transient errors); the limit is "
                                + percent(configuration.errorRate()) + "."));
            }
            if (run.lowConfidence() > configuration.lowConfidenceItems()) {
                alerts.add(alert(AlertRule.LOW_CONFIDENCE, run, now,
                        run.lowConfidence() + " photos to review after run " + run.runId(),
                        run.lowConfidence() + " photos were classified with low confidence and wait under review/ "
                                + "(more than " + configuration.lowConfidenceItems() + ")."));
            }
            lowConfidenceShare(run, now).ifPresent(alerts::add);
            categoryDrift(run, earlier, now).ifPresent(alerts::add);
            Duration took = Duration.ofMillis(Math.round(run.durationSeconds() * 1000));
            if (took.compareTo(configuration.slowRun()) > 0) {
                alerts.add(alert(AlertRule.SLOW_RUN, run, now,
                        "Run " + run.runId() + " took " + minutes(took),
                        "The run took " + minutes(took) + " for " + run.totalImages() + " photos; the limit is "
                                + minutes(configuration.slowRun()) + "."));
            }
        }
        alerts.add(alert(AlertRule.RUN_SUMMARY, run, now, summarySubject(run), summaryMessage(run)));
        alerts.sort((a, b) -> b.severity().compareTo(a.severity()));
        return alerts;
    }

    /**
     * The {@code missed-run} alert of {@code now}'s day, when no real run finished within the window.
     *
     * @param lastFinished   when the last real run finished; null when none ever did
     * @param watchingSince  when the watchdog first looked (the start of the window when there is no run)
     */
    public List<AlertRecord> missedRun(Instant now, ZoneId zone, Instant lastFinished, Instant watchingSince) {
        Instant reference = lastFinished == null ? watchingSince : lastFinished;
        if (!reference.plus(configuration.missedRunAfter()).isBefore(now)) {
            return List.of();
        }
        String day = LocalDate.ofInstant(now, zone).format(DAY);
        long hours = Duration.between(reference, now).toHours();
        String since = lastFinished == null
                ? "No run has finished since the watchdog started " + hours + " h ago."
                : "The last run finished " + hours + " h ago, at " + lastFinished.atZone(zone).toLocalDateTime()
                        + " (" + zone.getId() + ").";
        return List.of(new AlertRecord(day + "-" + AlertRule.MISSED_RUN.id(), now, AlertRule.MISSED_RUN.severity(),
                AlertRule.MISSED_RUN.id(), "No nightly run in the last " + configuration.missedRunAfter().toHours() + " h",
                since + " Photos keep waiting in incoming/ until a run sorts them.", null,
                pending(AlertRule.MISSED_RUN), false, null, null));
    }

    /**
     * The {@code review-backlog} alert of {@code now}'s day, when photos have waited in {@code review/}
     * longer than {@code alerts.review-backlog-days}.
     */
    public List<AlertRecord> reviewBacklog(Instant now, ZoneId zone, ReviewBacklog backlog) {
        if (backlog.overdue() == 0) {
            return List.of();
        }
        String day = LocalDate.ofInstant(now, zone).format(DAY);
        String photos = (backlog.listingStopped() ? "At least " : "") + backlog.overdue()
                + (backlog.overdue() == 1 ? " photo" : " photos");
        String limit = days(configuration.reviewBacklogDays());
        StringBuilder message = new StringBuilder(photos)
                .append(backlog.overdue() == 1 && !backlog.listingStopped() ? " has" : " have")
                .append(" waited in review/ longer than ").append(limit).append(" without a decision.")
                .append(backlog.listingStopped() ? " The oldest of those listed, " : " The oldest, ")
                .append(ObjectKeys.escape(backlog.oldestKey())).append(", has waited ")
                .append(days(Duration.between(backlog.oldestSince(), now).toDays())).append(" (since ")
                .append(backlog.oldestSince().atZone(zone).toLocalDate()).append(").");
        List<String> others = backlog.examples().stream().filter(key -> !key.equals(backlog.oldestKey())).toList();
        if (!others.isEmpty()) {
            message.append(" Also waiting: ")
                    .append(others.stream().map(ObjectKeys::escape).collect(Collectors.joining(", "))).append('.');
        }
        if (backlog.listingStopped()) {
            message.append(" The check stopped after listing ").append(backlog.listed()).append(" objects.");
        }
        message.append(" The bucket keeps them until someone decides each one.");
        return List.of(new AlertRecord(day + "-" + AlertRule.REVIEW_BACKLOG.id(), now,
                AlertRule.REVIEW_BACKLOG.severity(), AlertRule.REVIEW_BACKLOG.id(),
                photos + " waiting in review/ for more than " + limit, message.toString(), null,
                pending(AlertRule.REVIEW_BACKLOG), false, null, null));
    }

    /**
     * {@code low-confidence-share}: more than {@code alerts.low-confidence-share} of the run's classified photos
     * (the three confidence bands) below the run's own review threshold (the {@code low} band, counted by the
     * batch with the threshold that travels with the counts).
     */
    private Optional<AlertRecord> lowConfidenceShare(RunRecord run, Instant now) {
        RunRecord.Confidence bands = run.confidence();
        int classified = bands.high() + bands.medium() + bands.low();
        if (classified == 0 || (double) bands.low() / classified <= configuration.lowConfidenceShare()) {
            return Optional.empty();
        }
        double share = (double) bands.low() / classified;
        String threshold = String.format(Locale.ROOT, "%.2f", bands.threshold());
        return Optional.of(alert(AlertRule.LOW_CONFIDENCE_SHARE, run, now,
                percent(share) + " of the photos of run " + run.runId() + " below the review threshold",
                bands.low() + " of " + classified + " classified photos (" + percent(share) + ") scored below the run's "
                        + "review threshold of " + threshold + " and wait under review/; the limit is "
                        + percent(configuration.lowConfidenceShare()) + ". A share this high usually means photos "
                        + "unlike the training images (camera, lighting, background) or new kinds of items."));
    }

    /**
     * {@code category-drift}: the population stability index of the run's category mix against the pooled mix of
     * the {@code alerts.category-drift-runs} real runs before it (those that classified photos) above
     * {@code alerts.category-drift-psi}; judged only for runs with at least {@code alerts.category-drift-min-photos}
     * classified photos and a full baseline of earlier runs.
     */
    private Optional<AlertRecord> categoryDrift(RunRecord run, List<RunRecord> earlier, Instant now) {
        int classified = run.categories().values().stream().mapToInt(Integer::intValue).sum();
        if (classified < configuration.categoryDriftMinPhotos()) {
            return Optional.empty();
        }
        List<Map<String, Integer>> baseline = earlier.stream()
                .filter(r -> !r.dryRun() && !r.runId().equals(run.runId()) && r.startedAt().isBefore(run.startedAt()))
                .filter(r -> r.categories().values().stream().mapToInt(Integer::intValue).sum() > 0)
                .limit(configuration.categoryDriftRuns())
                .map(RunRecord::categories)
                .toList();
        if (baseline.size() < configuration.categoryDriftRuns()) {
            return Optional.empty();
        }
        CategoryDrift drift = CategoryDrift.of(run.categories(), CategoryDrift.pooled(baseline));
        if (drift.psi() <= configuration.categoryDriftPsi()) {
            return Optional.empty();
        }
        String moved = drift.moved().stream()
                .map(m -> m.category() + " " + percent(m.now()) + " (before " + percent(m.before()) + ")")
                .collect(Collectors.joining(", "));
        String names = drift.moved().stream().map(CategoryDrift.Move::category).collect(Collectors.joining(", "));
        return Optional.of(alert(AlertRule.CATEGORY_DRIFT, run, now,
                "Category mix of run " + run.runId() + " moved: " + names,
                String.format(Locale.ROOT, "The population stability index of the run's %d classified photos against "
                                + "the %d runs before is %.2f (limit %.2f). Moved most: %s. Either the returns changed "
                                + "(a promotion, a season) or the model sees the photos differently (camera, lighting): "
                                + "look at a few photos of these categories.", classified, baseline.size(), drift.psi(),
                        configuration.categoryDriftPsi(), moved)));
    }

    /**
     * The {@code live-accuracy-drop} alert of {@code week} (id {@code <2026-W42>-live-accuracy-drop}), when its
     * live accuracy is below {@code alerts.live-accuracy-floor} with at least
     * {@code alerts.live-accuracy-min-decisions} decisions counted.
     */
    public List<AlertRecord> liveAccuracyDrop(Instant now, LiveAccuracy.Week week) {
        Accuracy accuracy = week.accuracy();
        if (accuracy.reviewed() < configuration.liveAccuracyMinDecisions() || accuracy.liveAccuracy() == null
                || accuracy.liveAccuracy() >= configuration.liveAccuracyFloor()) {
            return List.of();
        }
        String interval = accuracy.interval().isEmpty() ? "" : " (95 % interval " + percent(accuracy.interval().get(0))
                + " to " + percent(accuracy.interval().get(1)) + ")";
        AlertRule rule = AlertRule.LIVE_ACCURACY_DROP;
        return List.of(new AlertRecord(week.week() + "-" + rule.id(), now, rule.severity(), rule.id(),
                "Live accuracy " + percent(accuracy.liveAccuracy()) + " in week " + week.week() + ", below "
                        + percent(configuration.liveAccuracyFloor()),
                "Reviewers kept the model's category for " + accuracy.modelRight() + " of " + accuracy.reviewed()
                        + " photos this week: " + percent(accuracy.liveAccuracy()) + interval + "; the floor is "
                        + percent(configuration.liveAccuracyFloor()) + " with at least "
                        + configuration.liveAccuracyMinDecisions() + " decisions. These are the photos that went to "
                        + "review. GET /quality shows which categories the model confuses.",
                null, pending(rule), false, null, null));
    }

    private static String days(long days) {
        return days + (days == 1 ? " day" : " days");
    }

    private static AlertRecord alert(AlertRule rule, RunRecord run, Instant now, String subject, String message) {
        return new AlertRecord(run.runId() + "-" + rule.id(), now, rule.severity(), rule.id(), subject, message,
                run.runId(), pending(rule), false, null, null);
    }

    private static Map<String, ChannelDelivery> pending(AlertRule rule) {
        Map<String, ChannelDelivery> channels = new TreeMap<>();
        rule.channels().forEach(channel -> channels.put(channel.wireName(), ChannelDelivery.PENDING));
        return channels;
    }

    private static String summarySubject(RunRecord run) {
        String kind = run.dryRun() ? "Dry run " : "Run ";
        return kind + run.runId() + " " + run.status().wireName() + ": " + run.totalImages() + " photos, "
                + String.format(Locale.ROOT, "%.1f %%", run.successRate()) + " sorted";
    }

    private static String summaryMessage(RunRecord run) {
        return run.sorted() + " sorted, " + run.lowConfidence() + " to review, " + run.rejected() + " rejected, "
                + run.leftInIncoming() + " left in incoming/ for the next run"
                + (run.dryRun() ? " (dry run: nothing was moved)." : ".");
    }

    private static double errorRate(RunRecord run) {
        return (double) run.failed() / run.totalImages();
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f %%", fraction * 100);
    }

    private static String minutes(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds < 120 ? seconds + " s" : String.format(Locale.ROOT, "%.1f min", seconds / 60.0);
    }
}
