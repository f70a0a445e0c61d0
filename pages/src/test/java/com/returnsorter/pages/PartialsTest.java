package com.returnsorter.pages;

import com.returnsorter.pages.charts.BarChart;
import com.returnsorter.pages.charts.ColumnChart;
import gg.jte.Content;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PartialsTest {

    @Test
    void barsCarryTheirNumbersAsTextAndScaleToTheLargest() {
        BarChart chart = BarChart.of("Photos by category", List.of(new BarChart.Bar("Coat", 3, "category"),
                new BarChart.Bar("<img src=x>", 1, "category")), 4);

        String svg = Pages.render("partials/bars", Map.of("chart", chart));

        assertThat(svg).contains("role=\"img\" aria-label=\"Photos by category\"", "<title>Coat: 3 (75.0%)</title>",
                "<tspan class=\"n\">3</tspan><tspan class=\"pct\" dx=\"6\">75.0%</tspan>", "width=\"220.0\"",
                "width=\"73.3\"", "&lt;img src=x&gt;").doesNotContain("<img");
    }

    @Test
    void columnsShowDaysWithoutDataAsGapsAndARealZeroAsAThinBar() {
        List<ColumnChart.Column> columns = new ArrayList<>();
        columns.add(new ColumnChart.Column("1 Mar", null, "", "1 Mar: no run"));
        columns.add(new ColumnChart.Column("2 Mar", List.of(new ColumnChart.Segment(0, "bad")), "0", "2 Mar: 0%"));
        columns.add(new ColumnChart.Column("3 Mar", List.of(new ColumnChart.Segment(100, "good")), "100", "3 Mar: 100%"));
        ColumnChart chart = ColumnChart.of("Success", columns, new ColumnChart.Axis(100, 50, v -> (int) v + "%"));

        String svg = Pages.render("partials/columns", Map.of("chart", chart));

        assertThat(svg.split("<circle class=\"gap\"", -1)).hasSize(2);
        assertThat(svg.split("class=\"track\"", -1)).hasSize(3);
        assertThat(svg).contains("<title>2 Mar: 0%</title>", "height=\"3.0\"", ">100</text>", ">50%</text>", ">3 Mar</text>");
    }

    @Test
    void tablesRightAlignNumericColumnsAndNoteWhatIsLeftOut() {
        String html = Pages.render("partials/table", Map.of("cssClass", "runs",
                "columns", List.of(TableColumn.text("Run"), TableColumn.number("Photos")),
                "rows", (Content) output -> output.writeContent("<tr><td>a</td><td class=\"num\">1</td></tr>"),
                "note", "Showing the 15 newest of 60 runs."));

        assertThat(html).contains("<table class=\"runs\">", "<thead><tr><th>Run</th><th class=\"num\">Photos</th></tr></thead>",
                "<tr><td>a</td>", "<p class=\"note\">Showing the 15 newest of 60 runs.</p>");
    }

    @Test
    void figuresBadgesAndMomentsEscapeWhatTheyAreGiven() {
        assertThat(Pages.render("partials/figure", Map.of("figure", new Figure("rate", "Success <rate>", "97.0%", "of 10"))))
                .isEqualTo("<div class=\"figure rate\"><div class=\"label\">Success &lt;rate&gt;</div>"
                        + "<div class=\"value\">97.0%</div><div class=\"hint\">of 10</div></div>");
        assertThat(Pages.render("partials/badge", Map.of("badge", new Badge("success", "✓", "Success"))))
                .isEqualTo("<span class=\"badge success\"><span aria-hidden=\"true\">✓</span> Success</span>");
        assertThat(Pages.render("partials/moment", Map.of("at", new Moment("2026-03-04T02:00:00+01:00", "Wed 4 Mar", "in 5 h"))))
                .isEqualTo("<time datetime=\"2026-03-04T02:00:00+01:00\">Wed 4 Mar</time> <span class=\"rel\">(in 5 h)</span>");
    }
}
