package com.returnsorter.pages.charts;

import com.returnsorter.pages.Format;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * A column per day with a value grid on the left and day labels underneath, in inline SVG, drawn by
 * {@code partials/columns.jte}. Columns stack segments from the baseline; a day without data is a hollow
 * dot on the baseline, a real zero a thin bar. Figures above the columns and day labels are left out
 * where they would touch their neighbours (labels counted from the right, so today always has one).
 *
 * @param label     what the chart shows, for screen readers
 * @param gridLines the value grid, bottom to top
 * @param columns   the columns, left to right
 */
@Introspected
public record ColumnChart(String label, int width, int height, List<GridLine> gridLines, List<Drawn> columns) {

    /** Part of a column, stacked from the baseline; {@code kind} is its CSS class. */
    public record Segment(double value, String kind) {
    }

    /**
     * One day of the chart, as given.
     *
     * @param axisLabel  the label under the column, shown when there is room
     * @param segments   the stacked values; null for a day without data
     * @param valueLabel the figure written above the column when there is room
     * @param title      what a tooltip or screen reader says about the day
     */
    public record Column(String axisLabel, @Nullable List<Segment> segments, String valueLabel, String title) {
    }

    /** A value axis from 0 to {@code max} with a grid line every {@code step}. */
    public record Axis(double max, double step, DoubleFunction<String> format) {
    }

    @Introspected
    public record GridLine(int x1, int x2, String y, int tickX, String tick) {
    }

    /** A rectangle in SVG numbers. */
    @Introspected
    public record Rect(String kind, String x, String y, String width, String height) {
    }

    /**
     * A drawn column.
     *
     * @param gap        a day without data: only the hollow dot at ({@code centre}, {@code gapY})
     * @param track      the light background of the column; null for a gap
     * @param segments   the stacked rectangles
     * @param valueLabel the figure above the column; null when there is no room
     * @param axisLabel  the day label underneath; null when it would touch a neighbour
     */
    @Introspected
    public record Drawn(String title, boolean gap, String centre, String gapY, @Nullable Rect track, List<Rect> segments,
                        @Nullable String valueLabel, String valueY, @Nullable String axisLabel, int axisY) {
    }

    static final int WIDTH = 960;
    static final int HEIGHT = 220;
    static final int LEFT = 46;
    static final int RIGHT = 10;
    static final int TOP = 22;
    static final int BOTTOM = 26;
    static final double MAX_BAR = 34;
    /** Below this column width the figures above the columns would touch. */
    static final double MIN_SLOT_FOR_VALUES = 24;

    public static ColumnChart of(String label, List<Column> columns, Axis axis) {
        int n = Math.max(1, columns.size());
        double plotHeight = HEIGHT - TOP - BOTTOM;
        double baseline = TOP + plotHeight;
        double slot = (double) (WIDTH - LEFT - RIGHT) / n;
        double barWidth = Math.min(MAX_BAR, slot * 0.66);
        double scale = axis.max() > 0 ? plotHeight / axis.max() : 0;
        List<GridLine> grid = new ArrayList<>();
        for (double v = 0; v <= axis.max() + 1e-9; v += axis.step()) {
            grid.add(new GridLine(LEFT, WIDTH - RIGHT, Format.num(baseline - v * scale), LEFT - 8, axis.format().apply(v)));
        }
        int labelEvery = labelEvery(columns, slot);
        List<Drawn> drawn = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            double centre = LEFT + slot * i + slot / 2;
            // Counted from the right, so today always has its label.
            String axisLabel = (columns.size() - 1 - i) % labelEvery == 0 ? column.axisLabel() : null;
            if (column.segments() == null) {
                drawn.add(new Drawn(column.title(), true, Format.num(centre), Format.num(baseline - 4), null, List.of(),
                        null, "0", axisLabel, HEIGHT - 7));
                continue;
            }
            double x = centre - barWidth / 2;
            Rect track = new Rect("track", Format.num(x), String.valueOf(TOP), Format.num(barWidth), Format.num(plotHeight));
            List<Rect> rects = new ArrayList<>();
            double top = baseline;
            for (Segment segment : column.segments()) {
                double height = Math.max(0, segment.value()) * scale;
                top -= height;
                rects.add(new Rect(segment.kind(), Format.num(x), Format.num(top), Format.num(barWidth), Format.num(height)));
            }
            if (top == baseline && !column.segments().isEmpty()) {
                // A real zero (e.g. 0 % on a failed night) stays visible, unlike a day without data.
                top -= 3;
                rects.add(new Rect(column.segments().get(0).kind(), Format.num(x), Format.num(top), Format.num(barWidth),
                        Format.num(3)));
            }
            drawn.add(new Drawn(column.title(), false, Format.num(centre), "0", track, rects,
                    slot >= MIN_SLOT_FOR_VALUES ? column.valueLabel() : null, Format.num(top - 5), axisLabel, HEIGHT - 7));
        }
        return new ColumnChart(label, WIDTH, HEIGHT, grid, drawn);
    }

    /** Every how many columns a day label fits without touching its neighbours (11 px text ≈ 6.5 px a character). */
    static int labelEvery(List<Column> columns, double slot) {
        int longest = columns.stream().mapToInt(c -> c.axisLabel().length()).max().orElse(0);
        double needed = longest * 6.5 + 10;
        return Math.max(1, (int) Math.ceil(needed / slot));
    }

    /** A step of 1, 2 or 5 × 10ⁿ (at least 1) that splits {@code max} into about {@code parts} parts. */
    public static double niceStep(double max, int parts) {
        double rough = Math.max(1, max / parts);
        double power = Math.pow(10, Math.floor(Math.log10(rough)));
        double fraction = rough / power;
        double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return nice * power;
    }
}
