package com.returnsorter.report.dashboard;

import io.micronaut.core.annotation.Nullable;

import java.util.List;
import java.util.function.DoubleFunction;

import static com.returnsorter.report.dashboard.Html.escape;
import static com.returnsorter.report.dashboard.Html.num;

/**
 * The dashboard's inline SVG charts. They scale with their card (viewBox, width 100 %) and carry
 * their numbers as text and {@code <title>}s, so colour is never the only way to read them.
 */
final class SvgCharts {

    private SvgCharts() {
    }

    /** Part of a column, stacked from the baseline; {@code kind} is its CSS class. */
    record Segment(double value, String kind) {
    }

    /**
     * One day of a column chart.
     *
     * @param axisLabel  the label under the column, shown when there is room
     * @param segments   the stacked values; null for a day without a run, drawn as a hollow dot on the baseline
     * @param valueLabel the figure written above the column when there is room
     * @param title      what a tooltip or screen reader says about the day
     */
    record Column(String axisLabel, @Nullable List<Segment> segments, String valueLabel, String title) {
    }

    /** A value axis from 0 to {@code max} with a grid line every {@code step}. */
    record Axis(double max, double step, DoubleFunction<String> format) {
    }

    /** A horizontal bar. */
    record Bar(String label, int count, String kind) {
    }

    private static final int WIDTH = 960;
    private static final int HEIGHT = 220;
    private static final int LEFT = 46;
    private static final int RIGHT = 10;
    private static final int TOP = 22;
    private static final int BOTTOM = 26;
    private static final double MAX_BAR = 34;
    /** Below this column width the figures above the columns would touch. */
    private static final double MIN_SLOT_FOR_VALUES = 24;

    /** A column per day, with a value grid on the left and day labels underneath. */
    static void columns(StringBuilder svg, String label, List<Column> columns, Axis axis) {
        int n = Math.max(1, columns.size());
        double plotHeight = HEIGHT - TOP - BOTTOM;
        double baseline = TOP + plotHeight;
        double slot = (double) (WIDTH - LEFT - RIGHT) / n;
        double barWidth = Math.min(MAX_BAR, slot * 0.66);
        double scale = axis.max() > 0 ? plotHeight / axis.max() : 0;
        svg.append("<svg class=\"chart columns\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"").append(escape(label)).append("\">\n<title>")
                .append(escape(label)).append("</title>\n");
        for (double v = 0; v <= axis.max() + 1e-9; v += axis.step()) {
            double y = baseline - v * scale;
            svg.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT)
                    .append("\" y1=\"").append(num(y)).append("\" y2=\"").append(num(y)).append("\"/>")
                    .append("<text class=\"tick\" x=\"").append(LEFT - 8).append("\" y=\"").append(num(y))
                    .append("\" text-anchor=\"end\" dominant-baseline=\"central\">").append(escape(axis.format().apply(v)))
                    .append("</text>\n");
        }
        int labelEvery = labelEvery(columns, slot);
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            double centre = LEFT + slot * i + slot / 2;
            svg.append("<g><title>").append(escape(column.title())).append("</title>");
            if (column.segments() == null) {
                svg.append("<circle class=\"gap\" cx=\"").append(num(centre)).append("\" cy=\"").append(num(baseline - 4))
                        .append("\" r=\"3\"/>");
            } else {
                double x = centre - barWidth / 2;
                svg.append("<rect class=\"track\" x=\"").append(num(x)).append("\" y=\"").append(TOP).append("\" width=\"")
                        .append(num(barWidth)).append("\" height=\"").append(num(plotHeight)).append("\" rx=\"2\"/>");
                double top = baseline;
                for (Segment segment : column.segments()) {
                    double height = Math.max(0, segment.value()) * scale;
                    top -= height;
                    rect(svg, segment.kind(), x, top, barWidth, height);
                }
                if (top == baseline && !column.segments().isEmpty()) {
                    // A real zero (e.g. 0 % on a failed night) stays visible, unlike a day without a run.
                    top -= 3;
                    rect(svg, column.segments().get(0).kind(), x, top, barWidth, 3);
                }
                if (slot >= MIN_SLOT_FOR_VALUES) {
                    svg.append("<text class=\"vlabel\" x=\"").append(num(centre)).append("\" y=\"").append(num(top - 5))
                            .append("\" text-anchor=\"middle\">").append(escape(column.valueLabel())).append("</text>");
                }
            }
            // Counted from the right, so today always has its label.
            if ((columns.size() - 1 - i) % labelEvery == 0) {
                svg.append("<text class=\"xlabel\" x=\"").append(num(centre)).append("\" y=\"").append(HEIGHT - 7)
                        .append("\" text-anchor=\"middle\">").append(escape(column.axisLabel())).append("</text>");
            }
            svg.append("</g>\n");
        }
        svg.append("</svg>\n");
    }

    /** Every how many columns a day label fits without touching its neighbours (11 px text ≈ 6.5 px a character). */
    static int labelEvery(List<Column> columns, double slot) {
        int longest = columns.stream().mapToInt(c -> c.axisLabel().length()).max().orElse(0);
        double needed = longest * 6.5 + 10;
        return Math.max(1, (int) Math.ceil(needed / slot));
    }

    private static void rect(StringBuilder svg, String kind, double x, double y, double width, double height) {
        svg.append("<rect class=\"").append(kind).append("\" x=\"").append(num(x)).append("\" y=\"").append(num(y))
                .append("\" width=\"").append(num(width)).append("\" height=\"").append(num(height)).append("\"/>");
    }

    /** A step of 1, 2 or 5 × 10ⁿ (at least 1) that splits {@code max} into about {@code parts} parts. */
    static double niceStep(double max, int parts) {
        double rough = Math.max(1, max / parts);
        double power = Math.pow(10, Math.floor(Math.log10(rough)));
        double fraction = rough / power;
        double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return nice * power;
    }

    private static final int BAR_WIDTH = 480;
    private static final int LABEL_WIDTH = 150;
    private static final int VALUE_WIDTH = 110;
    private static final int ROW = 32;
    private static final int BAR = 18;
    private static final int MAX_LABEL = 18;

    /** Horizontal bars: label, bar, then count and share of {@code total}. */
    static void bars(StringBuilder svg, String label, List<Bar> bars, int total) {
        int max = bars.stream().mapToInt(Bar::count).max().orElse(0);
        int height = bars.size() * ROW + 4;
        int space = BAR_WIDTH - LABEL_WIDTH - VALUE_WIDTH;
        svg.append("<svg class=\"chart bars\" viewBox=\"0 0 ").append(BAR_WIDTH).append(' ').append(height)
                .append("\" role=\"img\" aria-label=\"").append(escape(label)).append("\">\n<title>")
                .append(escape(label)).append("</title>\n");
        int y = 2;
        for (Bar bar : bars) {
            double share = total == 0 ? 0 : bar.count() * 100.0 / total;
            double width = max == 0 ? 0 : Math.max(bar.count() > 0 ? 2 : 0, (double) bar.count() / max * space);
            int middle = y + ROW / 2;
            svg.append("<g><title>").append(escape(bar.label() + ": " + Html.count(bar.count()) + " (" + Html.percent(share) + ")"))
                    .append("</title><text class=\"label\" x=\"").append(LABEL_WIDTH - 10).append("\" y=\"").append(middle)
                    .append("\" text-anchor=\"end\" dominant-baseline=\"central\">")
                    .append(escape(Html.truncate(bar.label(), MAX_LABEL))).append("</text>");
            rect(svg, "track", LABEL_WIDTH, middle - BAR / 2.0, space, BAR);
            rect(svg, bar.kind(), LABEL_WIDTH, middle - BAR / 2.0, width, BAR);
            svg.append("<text class=\"value\" x=\"").append(LABEL_WIDTH + space + 10).append("\" y=\"").append(middle)
                    .append("\" dominant-baseline=\"central\"><tspan class=\"n\">").append(Html.count(bar.count()))
                    .append("</tspan><tspan class=\"pct\" dx=\"6\">").append(Html.percent(share)).append("</tspan></text></g>\n");
            y += ROW;
        }
        svg.append("</svg>\n");
    }
}
