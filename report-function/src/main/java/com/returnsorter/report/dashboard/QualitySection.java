package com.returnsorter.report.dashboard;

import com.returnsorter.pages.dashboard.Dashboard;
import com.returnsorter.report.quality.Accuracy;
import com.returnsorter.report.quality.QualityReport;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The dashboard's live-accuracy section, worked out from a {@link QualityReport}. */
final class QualitySection {

    /** Rows of the confusion table. */
    static final int MAX_CONFUSION = 15;

    private QualitySection() {
    }

    static Dashboard.Quality of(QualityReport report) {
        String summary = report.reviewed() == 0
                ? "Last " + report.days() + " days: no reviewed photo yet. Approvals and corrections in the review queue "
                        + "fill this section."
                : "Last " + report.days() + " days: the model was right on " + report.modelRight() + " of "
                        + report.reviewed() + " reviewed photos (" + percent(report.liveAccuracy()) + ", 95 % interval "
                        + interval(report.overall()) + ").";
        int rejected = report.excluded().getOrDefault("rejected", 0);
        int noPrediction = report.excluded().getOrDefault("noPrediction", 0);
        String note = "An approval counts as right, a correction as wrong. Only photos sent to review are decided on, so "
                + "this is the accuracy on the photos the model was unsure about. Left out: " + rejected
                + (rejected == 1 ? " rejection" : " rejections") + " and " + noPrediction + " photo"
                + (noPrediction == 1 ? "" : "s") + " the model never classified.";
        List<Dashboard.QualityRow> weeks = rows(report.byWeek());
        Collections.reverse(weeks);
        List<Dashboard.ConfusionRow> confusion = report.confusion().stream().limit(MAX_CONFUSION)
                .map(c -> new Dashboard.ConfusionRow(c.model(), c.person(), String.valueOf(c.count()),
                        c.model().equals(c.person())))
                .toList();
        return new Dashboard.Quality(summary, note, rows(report.byCategory()), weeks, confusion);
    }

    private static List<Dashboard.QualityRow> rows(Map<String, Accuracy> figures) {
        List<Dashboard.QualityRow> rows = new ArrayList<>();
        figures.forEach((label, a) -> rows.add(new Dashboard.QualityRow(label, String.valueOf(a.reviewed()),
                percent(a.liveAccuracy()), interval(a))));
        return rows;
    }

    private static String interval(Accuracy accuracy) {
        return accuracy.interval().isEmpty() ? "—"
                : percent(accuracy.interval().get(0)) + " – " + percent(accuracy.interval().get(1));
    }

    private static String percent(Double fraction) {
        return fraction == null ? "—" : String.format(Locale.ROOT, "%.1f %%", fraction * 100);
    }
}
