package com.returnsorter.pages.report;

import com.returnsorter.pages.Figure;
import com.returnsorter.pages.Layout;
import com.returnsorter.pages.charts.BarChart;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * The model of {@code report.jte}: {@code reports/<runId>/report.html}, one self-contained page for the
 * morning shift — a status banner, the headline figures, category and confidence charts, the photos to
 * review (first), the rejected photos and errors, the run's timeline and the model. Built by run-reports'
 * {@code HtmlReport}; written by the batch into the bucket.
 *
 * @param layout     a {@linkplain Layout#document(String) document}: no navigation, nothing loaded
 * @param dryRun     whether nothing was moved
 * @param banner     the state of the run
 * @param emptyNight nothing was uploaded: the page says so instead of empty tables and charts
 * @param figures    the headline figures; empty on an empty night
 * @param charts     categories and confidence; null when there is nothing to chart
 * @param review     the photos to review; null on an empty night
 * @param failures   the rejected and failed photos; null on an empty night
 * @param timeline   what happened when; null when nothing was recorded
 */
@Introspected
public record RunReport(
        Layout layout,
        boolean dryRun,
        Banner banner,
        boolean emptyNight,
        List<Figure> figures,
        @Nullable Charts charts,
        @Nullable Review review,
        @Nullable Failures failures,
        @Nullable Timeline timeline,
        Footer footer) {

    /**
     * @param kind    {@code success}, {@code partial} or {@code failed} (the CSS class)
     * @param icon    ✓, ! or ✕
     * @param error   the run's error message; null for none
     */
    @Introspected
    public record Banner(String kind, String icon, String word, String headline, String lead, @Nullable String error,
                         String runId, String date, String time, String duration, String trigger) {
    }

    /**
     * @param categories null when no categories were recorded
     * @param confidence null when no confidence bands were recorded
     * @param threshold  the review threshold, e.g. {@code 70%}
     */
    @Introspected
    public record Charts(@Nullable BarChart categories, @Nullable BarChart confidence, String threshold) {
    }

    /**
     * Some items of a longer list: "Showing the 200 lowest-confidence photos of 1,250 — the rest are in results.csv."
     */
    @Introspected
    public record Cap(String shown, String what, String total) {
    }

    /**
     * @param total    how many there are, e.g. {@code 1,250}
     * @param noneText set (and rows empty) when there is nothing to review
     * @param cap      set when not all are listed
     */
    @Introspected
    public record Review(String total, boolean any, @Nullable String noneText, @Nullable Cap cap, List<ReviewRow> rows) {
    }

    /**
     * @param path       the full key when it says more than the name; null otherwise
     * @param category   null when not classified
     * @param confidence null when not classified
     */
    @Introspected
    public record ReviewRow(int n, String filename, @Nullable String path, @Nullable String category,
                            @Nullable Confidence confidence, String destination) {
    }

    /** A confidence as a small meter and a figure: {@code meter} is the bar's width in per cent. */
    @Introspected
    public record Confidence(String meter, String text) {
    }

    @Introspected
    public record Failures(String total, boolean any, @Nullable Cap cap, List<FailureRow> rows) {
    }

    /**
     * @param status {@code rejected} (not a usable photo, moved to rejected/) or {@code error} (temporary, left in incoming/)
     */
    @Introspected
    public record FailureRow(String filename, @Nullable String path, String status, String reason, String message) {
    }

    @Introspected
    public record Timeline(List<Event> events, String zoneLabel) {
    }

    @Introspected
    public record Event(String time, String text) {
    }

    /**
     * @param reports the run's files with what each holds
     */
    @Introspected
    public record Footer(String modelName, String modelVersion, List<ReportFile> reports, String bucket, String generated) {
    }

    @Introspected
    public record ReportFile(String path, String what) {
    }
}
