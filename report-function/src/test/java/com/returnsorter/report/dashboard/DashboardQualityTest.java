package com.returnsorter.report.dashboard;

import com.returnsorter.report.quality.Accuracy;
import com.returnsorter.report.quality.QualityReport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.returnsorter.report.dashboard.DashboardFixtures.HOSTILE;
import static com.returnsorter.report.dashboard.DashboardFixtures.NEXT_RUN;
import static com.returnsorter.report.dashboard.DashboardFixtures.NOW;
import static com.returnsorter.report.dashboard.DashboardFixtures.ZONE;
import static com.returnsorter.report.dashboard.DashboardFixtures.nights;
import static com.returnsorter.report.dashboard.DashboardFixtures.render;
import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's live-accuracy section: figures with n and interval, per category and week, the confusion table. */
class DashboardQualityTest {

    @Test
    void showsLiveAccuracyPerCategoryAndWeekAndTheReviewersConfusion() {
        String html = render(new DashboardView(NOW, ZONE, 30, nights(3, 7), List.of(), NEXT_RUN, Duration.ofMinutes(5),
                Duration.ofHours(36), report()));

        String section = DashboardPageTest.section(html, "live-accuracy");
        assertThat(section).contains("<h2>Live accuracy</h2>",
                "the model was right on 10 of 16 reviewed photos (62.5 %, 95 % interval 38.6 % – 81.5 %)",
                "Left out: 2 rejections and 1 photo the model never classified.",
                "<td>Coat</td><td class=\"num\">3</td><td class=\"num\">100.0 %</td><td>43.9 % – 100.0 %</td>",
                "<td>T-shirt/top</td><td class=\"num\">5</td>");
        assertThat(section.indexOf("2026-W09")).as("newest week first").isLessThan(section.indexOf("2026-W08"));
        assertThat(section).doesNotContain(HOSTILE).contains("&lt;img src=x onerror=alert(1)&gt;");
    }

    /** 16 reviewed photos, 10 right: two categories (one with a hostile name), two weeks, two confusion cells. */
    static QualityReport report() {
        Map<String, Accuracy> categories = new LinkedHashMap<>();
        categories.put("Coat", Accuracy.of(3, 3));
        categories.put(HOSTILE, Accuracy.of(7, 13));
        Map<String, Accuracy> weeks = new LinkedHashMap<>();
        weeks.put("2026-W08", Accuracy.of(9, 12));
        weeks.put("2026-W09", Accuracy.of(1, 4));
        QualityReport report = new QualityReport(NOW.minus(Duration.ofDays(30)), NOW, 30, 16, 10, 0.625,
                com.returnsorter.report.quality.Wilson.interval95(10, 16), Map.of("rejected", 2, "noPrediction", 1),
                categories, weeks, List.of(new QualityReport.Confusion(HOSTILE, HOSTILE, 7),
                new QualityReport.Confusion(HOSTILE, "T-shirt/top", 5)));

        return report;
    }

    @Test
    void saysSoWhenNothingWasReviewed() {
        QualityReport empty = new QualityReport(NOW.minus(Duration.ofDays(30)), NOW, 30, 0, 0, null, List.of(),
                Map.of("rejected", 0, "noPrediction", 0), Map.of(), Map.of(), List.of());
        String html = render(new DashboardView(NOW, ZONE, 30, nights(3, 7), List.of(), NEXT_RUN, Duration.ofMinutes(5),
                Duration.ofHours(36), empty));
        assertThat(DashboardPageTest.section(html, "live-accuracy")).contains("no reviewed photo yet")
                .doesNotContain("<table");
    }

    @Test
    void leavesTheSectionOutWithoutFigures() {
        String html = render(new DashboardView(NOW, ZONE, 30, nights(3, 7), List.of(), NEXT_RUN, Duration.ofMinutes(5),
                Duration.ofHours(36)));
        assertThat(html).doesNotContain("id=\"live-accuracy\"");
    }
}
