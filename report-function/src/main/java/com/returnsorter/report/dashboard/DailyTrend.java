package com.returnsorter.report.dashboard;

import com.returnsorter.report.history.RunRecord;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The real (not dry) runs of the dashboard's window, one bucket per calendar day in the view's zone,
 * oldest day first; the window ends with today and holds exactly {@code days} days.
 */
final class DailyTrend {

    /**
     * One calendar day.
     *
     * @param runs        real runs that started that day
     * @param images      photos those runs handled
     * @param successful  photos classified and moved
     * @param failed      photos rejected or left in {@code incoming/}
     * @param rateByImage Σ successRate × images, so that several runs weigh by their photos
     */
    record Day(LocalDate date, int runs, int images, int successful, int failed, double rateByImage) {

        boolean hasRuns() {
            return runs > 0;
        }

        /** Empty when no photo was handled: a day without photos has no rate, which is not 0 %. */
        OptionalDouble successRate() {
            return images == 0 ? OptionalDouble.empty() : OptionalDouble.of(rateByImage / images);
        }

        Day plus(RunRecord run) {
            return new Day(date, runs + 1, images + run.totalImages(), successful + run.successful(),
                    failed + run.failed(), rateByImage + rateOf(run) * run.totalImages());
        }
    }

    private final List<Day> days;
    private final List<RunRecord> runs;

    private DailyTrend(List<Day> days, List<RunRecord> runs) {
        this.days = days;
        this.runs = runs;
    }

    /** Buckets the real runs among {@code runs} that started in the {@code days} days up to {@code today}. */
    static DailyTrend of(List<RunRecord> runs, ZoneId zone, LocalDate today, int days) {
        LocalDate first = today.minusDays(Math.max(1, days) - 1L);
        Map<LocalDate, Day> byDate = new TreeMap<>();
        for (LocalDate date = first; !date.isAfter(today); date = date.plusDays(1)) {
            byDate.put(date, new Day(date, 0, 0, 0, 0, 0));
        }
        List<RunRecord> counted = new ArrayList<>();
        for (RunRecord run : runs) {
            LocalDate date = run.startedAt().atZone(zone).toLocalDate();
            if (!run.dryRun() && byDate.containsKey(date)) {
                byDate.put(date, byDate.get(date).plus(run));
                counted.add(run);
            }
        }
        return new DailyTrend(List.copyOf(byDate.values()), Collections.unmodifiableList(counted));
    }

    List<Day> days() {
        return days;
    }

    /** The runs the trend counts, in the order given. */
    List<RunRecord> runs() {
        return runs;
    }

    int images() {
        return days.stream().mapToInt(Day::images).sum();
    }

    OptionalDouble successRate() {
        int images = images();
        double weighted = days.stream().mapToDouble(Day::rateByImage).sum();
        return images == 0 ? OptionalDouble.empty() : OptionalDouble.of(weighted / images);
    }

    /** The record's rate, or one computed from its counts when the stored value is unusable. */
    private static double rateOf(RunRecord run) {
        double rate = run.successRate();
        if (!Double.isFinite(rate)) {
            rate = run.totalImages() == 0 ? 100 : run.successful() * 100.0 / run.totalImages();
        }
        return Math.max(0, Math.min(100, rate));
    }
}
