package com.returnsorter.pages.charts;

import com.returnsorter.pages.Format;
import io.micronaut.core.annotation.Introspected;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Horizontal bars in inline SVG, drawn by {@code partials/bars.jte}: label, bar, then count and share.
 * The chart scales with its card (viewBox, width 100 %) and carries its numbers as text and
 * {@code <title>}s, so colour is never the only way to read it. The geometry is worked out here;
 * the template only writes it down.
 *
 * @param label  what the chart shows, for screen readers ({@code aria-label} and {@code <title>})
 * @param width  the viewBox width
 * @param height the viewBox height
 * @param rows   one per bar, top to bottom
 */
@Introspected
public record BarChart(String label, int width, int height, List<Row> rows) {

    /**
     * A bar to draw.
     *
     * @param kind its CSS class, which gives the colour ({@code category}, {@code other}, {@code high}, …)
     */
    public record Bar(String label, long count, String kind) {

        public Bar {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(kind, "kind");
        }
    }

    /** A drawn bar: coordinates as SVG numbers, texts as shown. */
    @Introspected
    public record Row(String title, String label, String kind, int labelX, int middle, String barY, int barX,
                      int trackWidth, String barWidth, int height, int valueX, String count, String share) {
    }

    static final int WIDTH = 480;
    static final int LABEL_WIDTH = 150;
    static final int VALUE_WIDTH = 110;
    static final int ROW = 32;
    static final int BAR = 18;
    static final int MAX_LABEL = 18;

    public BarChart {
        Objects.requireNonNull(label, "label");
        rows = List.copyOf(rows);
    }

    /** Bars scaled to the largest; each share is of {@code total}. */
    public static BarChart of(String label, List<Bar> bars, long total) {
        long max = bars.stream().mapToLong(Bar::count).max().orElse(0);
        int space = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
        List<Row> rows = new ArrayList<>();
        int y = 2;
        for (Bar bar : bars) {
            double share = total == 0 ? 0 : bar.count() * 100.0 / total;
            double width = max == 0 ? 0 : Math.max(bar.count() > 0 ? 2 : 0, (double) bar.count() / max * space);
            int middle = y + ROW / 2;
            rows.add(new Row(bar.label() + ": " + Format.count(bar.count()) + " (" + Format.percent(share) + ")",
                    Format.truncate(bar.label(), MAX_LABEL), bar.kind(), LABEL_WIDTH - 10, middle,
                    Format.num(middle - BAR / 2.0), LABEL_WIDTH, space, Format.num(width), BAR, LABEL_WIDTH + space + 10,
                    Format.count(bar.count()), Format.percent(share)));
            y += ROW;
        }
        return new BarChart(label, WIDTH, bars.size() * ROW + 4, rows);
    }
}
