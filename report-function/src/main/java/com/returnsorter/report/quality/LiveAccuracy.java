package com.returnsorter.report.quality;

import com.returnsorter.report.ReportConfiguration;
import com.returnsorter.report.decisions.Decision;
import com.returnsorter.report.decisions.DecisionRecord;
import com.returnsorter.report.decisions.DecisionStore;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Live accuracy from the reviewers' decisions (docs/quality.md): an approval means the model was right,
 * a correction to another category that it was wrong (the person's category is the right one). A
 * rejection says nothing about the category and is left out, as is a decision on a photo the model never
 * classified. Only photos that went to review are decided on, so this is the accuracy on the photos the
 * model was unsure about, not on every photo.
 */
@Singleton
public class LiveAccuracy {

    /** Decisions read for one report; a period with more is counted on its oldest this many. */
    static final int MAX_DECISIONS = 100_000;
    static final String EXCLUDED_REJECTED = "rejected";
    static final String EXCLUDED_NO_PREDICTION = "noPrediction";

    private final DecisionStore decisions;
    private final ZoneId zone;
    private final Clock clock;

    @Inject
    public LiveAccuracy(DecisionStore decisions, ReportConfiguration report, Clock clock) {
        this(decisions, report.timeZone(), clock);
    }

    public LiveAccuracy(DecisionStore decisions, ZoneId zone, Clock clock) {
        this.decisions = decisions;
        this.zone = zone;
        this.clock = clock;
    }

    /** The last {@code days} days up to now. */
    public QualityReport lastDays(int days) {
        Instant now = clock.instant();
        return between(now.minus(Duration.ofDays(days)), now, days);
    }

    /** The ISO week (Monday to Sunday in the report's zone) that {@code at} falls in, up to {@code at}. */
    public Week weekOf(Instant at) {
        LocalDate monday = LocalDate.ofInstant(at, zone).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        Instant start = monday.atStartOfDay(zone).toInstant();
        return new Week(isoWeek(monday), start, between(start, at, 7).overall());
    }

    /** The figures of {@code from <= decidedAt < to}. */
    public QualityReport between(Instant from, Instant to, int days) {
        return of(decisions.between(from, to, MAX_DECISIONS), from, to, days, zone);
    }

    static QualityReport of(List<DecisionRecord> found, Instant from, Instant to, int days, ZoneId zone) {
        Tally all = new Tally();
        Map<String, Tally> byCategory = new TreeMap<>();
        Map<String, Tally> byWeek = new TreeMap<>();
        Map<List<String>, Integer> confusion = new LinkedHashMap<>();
        Map<String, Integer> excluded = new LinkedHashMap<>();
        excluded.put(EXCLUDED_REJECTED, 0);
        excluded.put(EXCLUDED_NO_PREDICTION, 0);
        for (DecisionRecord d : found) {
            if (d.decision() == Decision.REJECT || d.finalCategory() == null) {
                excluded.merge(EXCLUDED_REJECTED, 1, Integer::sum);
                continue;
            }
            if (d.modelCategory() == null) {
                excluded.merge(EXCLUDED_NO_PREDICTION, 1, Integer::sum);
                continue;
            }
            boolean right = Objects.equals(d.modelCategory(), d.finalCategory());
            all.add(right);
            byCategory.computeIfAbsent(d.modelCategory(), k -> new Tally()).add(right);
            byWeek.computeIfAbsent(isoWeek(LocalDate.ofInstant(d.decidedAt(), zone)), k -> new Tally()).add(right);
            confusion.merge(List.of(d.modelCategory(), d.finalCategory()), 1, Integer::sum);
        }
        List<QualityReport.Confusion> cells = new ArrayList<>();
        confusion.forEach((pair, count) -> cells.add(new QualityReport.Confusion(pair.get(0), pair.get(1), count)));
        cells.sort(Comparator.comparingInt(QualityReport.Confusion::count).reversed()
                .thenComparing(QualityReport.Confusion::model).thenComparing(QualityReport.Confusion::person));
        Accuracy overall = all.accuracy();
        return new QualityReport(from, to, days, overall.reviewed(), overall.modelRight(), overall.liveAccuracy(),
                overall.interval(), excluded, accuracies(byCategory), accuracies(byWeek), cells);
    }

    private static Map<String, Accuracy> accuracies(Map<String, Tally> tallies) {
        Map<String, Accuracy> out = new LinkedHashMap<>();
        tallies.forEach((key, tally) -> out.put(key, tally.accuracy()));
        return out;
    }

    /** {@code 2026-W42}: the ISO-8601 week-based year and week of {@code day}. */
    public static String isoWeek(LocalDate day) {
        return String.format(Locale.ROOT, "%d-W%02d", day.get(IsoFields.WEEK_BASED_YEAR),
                day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    /**
     * The live accuracy of one ISO week so far.
     *
     * @param week  {@code 2026-W42}
     * @param start its Monday, 00:00 in the report's zone
     */
    public record Week(String week, Instant start, Accuracy accuracy) {
    }

    private static final class Tally {
        int n;
        int right;

        void add(boolean modelRight) {
            n++;
            if (modelRight) {
                right++;
            }
        }

        Accuracy accuracy() {
            return Accuracy.of(right, n);
        }
    }
}
