package com.returnsorter.reports;

import com.returnsorter.events.ConfidenceBands;
import com.returnsorter.events.ItemStatus;
import com.returnsorter.events.RunStatus;
import com.returnsorter.events.RunSummary;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * Renders {@code reports/<runId>/report.html}: one self-contained page for the morning shift of
 * the returns department — a status banner, the headline figures, category and confidence charts,
 * the photos to review (first), the rejected photos and errors, the run's timeline and the model.
 *
 * <p>The page has inline CSS and inline SVG only: no script, no external font, image or link, and a
 * Content-Security-Policy that would block any. Everything that comes from data is HTML-escaped.
 */
public final class HtmlReport {

    public static final String CONTENT_TYPE = "text/html; charset=utf-8";
    /** How many review items and how many failures a report lists by default. */
    public static final int DEFAULT_CAP = 200;

    private static final int MAX_CATEGORY_BARS = 12;
    private static final Comparator<ItemResult> LOWEST_CONFIDENCE_FIRST = Comparator
            .comparing(ItemResult::confidence, Comparator.nullsFirst(Comparator.<Double>naturalOrder()))
            .thenComparing(ItemResult::filename);

    private HtmlReport() {
    }

    /**
     * What the page lists besides the summary's figures.
     *
     * @param review   photos with status {@code review}; the page shows them lowest confidence first
     * @param failures photos with status {@code rejected} or {@code error}, in the order given
     * @param timeline what happened when, e.g. "run started (scheduled)", "continued in a new request", "finished"
     * @param zone     the time zone the page shows times in (the shift's own)
     */
    public record Content(ItemList review, ItemList failures, List<TimelineEvent> timeline, ZoneId zone) {

        public Content {
            Objects.requireNonNull(review, "review");
            Objects.requireNonNull(failures, "failures");
            timeline = List.copyOf(timeline);
            Objects.requireNonNull(zone, "zone");
        }

        /** Nothing to list, times in UTC. */
        public static Content empty() {
            return new Content(ItemList.empty(), ItemList.empty(), List.of(), ZoneId.of("UTC"));
        }

        /** Collects the content from a stream of results, keeping at most {@code cap} items per list. */
        public static ContentBuilder builder(int cap) {
            return new ContentBuilder(cap);
        }
    }

    /**
     * Some items of a longer list.
     *
     * @param shown the items the page lists
     * @param total how many there are in all (in {@code results.csv})
     */
    public record ItemList(List<ItemResult> shown, int total) {

        public ItemList {
            shown = List.copyOf(shown);
            if (total < shown.size()) {
                throw new IllegalArgumentException("total " + total + " is less than the " + shown.size() + " items shown");
            }
        }

        public static ItemList empty() {
            return new ItemList(List.of(), 0);
        }

        /** All of {@code items}, none left out. */
        public static ItemList of(List<ItemResult> items) {
            return new ItemList(items, items.size());
        }

        public boolean isCapped() {
            return total > shown.size();
        }
    }

    /** A moment of the run, shown in the timeline. */
    public record TimelineEvent(Instant at, String text) {

        public TimelineEvent {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * Builds a {@link Content} while results stream past: keeps the {@code cap} lowest-confidence
     * review items and the first {@code cap} failures, and counts the rest. Not thread-safe.
     */
    public static final class ContentBuilder {

        private final int cap;
        // Highest confidence at the head, so the head is the first to go when the cap is reached.
        private final PriorityQueue<ItemResult> review;
        private final List<ItemResult> failures = new ArrayList<>();
        private final List<TimelineEvent> timeline = new ArrayList<>();
        private int reviewTotal;
        private int failureTotal;
        private ZoneId zone = ZoneId.of("UTC");

        private ContentBuilder(int cap) {
            if (cap < 0) {
                throw new IllegalArgumentException("cap must not be negative: " + cap);
            }
            this.cap = cap;
            this.review = new PriorityQueue<>(Math.min(cap, 1024) + 1, LOWEST_CONFIDENCE_FIRST.reversed());
        }

        /** Takes one result; {@code sorted} ones count only in the summary, so they are ignored here. */
        public ContentBuilder add(ItemResult item) {
            if (item.status() == ItemStatus.REVIEW) {
                reviewTotal++;
                review.add(item);
                if (review.size() > cap) {
                    review.poll();
                }
            } else if (item.status() == ItemStatus.REJECTED || item.status() == ItemStatus.ERROR) {
                failureTotal++;
                if (failures.size() < cap) {
                    failures.add(item);
                }
            }
            return this;
        }

        public ContentBuilder event(Instant at, String text) {
            timeline.add(new TimelineEvent(at, text));
            return this;
        }

        public ContentBuilder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        public Content build() {
            List<ItemResult> lowest = new ArrayList<>(review);
            lowest.sort(LOWEST_CONFIDENCE_FIRST);
            List<TimelineEvent> events = new ArrayList<>(timeline);
            events.sort(Comparator.comparing(TimelineEvent::at));
            return new Content(new ItemList(lowest, reviewTotal), new ItemList(failures, failureTotal), events, zone);
        }
    }

    /** The whole page. */
    public static String render(RunSummary summary, Content content) {
        return new Page(summary, content).render();
    }

    /** Escapes text for HTML content and quoted attribute values; see {@link HtmlText#escape(String)}. */
    static String escape(@Nullable String text) {
        return HtmlText.escape(text);
    }

    private static final class Page {

        private final RunSummary summary;
        private final Content content;
        private final StringBuilder html = new StringBuilder(64 * 1024);
        private final DateTimeFormatter date;
        private final DateTimeFormatter time;
        private final DateTimeFormatter dateTime;
        private final String zoneLabel;

        Page(RunSummary summary, Content content) {
            this.summary = summary;
            this.content = content;
            ZoneId zone = content.zone();
            this.date = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.ENGLISH).withZone(zone);
            this.time = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ENGLISH).withZone(zone);
            this.dateTime = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.ENGLISH).withZone(zone);
            // Summer or winter time as on the night of the run, e.g. CEST rather than CET.
            Instant night = summary.startedAt() != null ? summary.startedAt()
                    : summary.finishedAt() != null ? summary.finishedAt() : Instant.EPOCH;
            this.zoneLabel = zone.normalized().equals(ZoneOffset.UTC)
                    ? "UTC" : DateTimeFormatter.ofPattern("zzz", Locale.ENGLISH).withZone(zone).format(night);
        }

        String render() {
            html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                    .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                    .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
                    .append("<title>").append(esc(statusWord() + " · Nightly sort " + summary.runId() + " · Return Sorter"))
                    .append("</title>\n<style>").append(Css.STYLE).append("</style>\n</head>\n<body>\n<main class=\"page\">\n");
            masthead();
            banner();
            if (isEmptyNight()) {
                emptyNight();
            } else {
                figures();
                charts();
                reviewTable();
                failureTable();
            }
            timeline();
            footer();
            html.append("</main>\n</body>\n</html>\n");
            return html.toString();
        }

        private boolean isEmptyNight() {
            return summary.totalProcessed() == 0 && summary.status() != RunStatus.FAILED;
        }

        private void masthead() {
            html.append("<header class=\"masthead\"><div class=\"brand\"><span class=\"logo\" aria-hidden=\"true\"></span>")
                    .append("Return Sorter</div><div class=\"doc\">Nightly sort report")
                    .append(summary.dryRun() ? " · <strong>dry run — nothing was moved</strong>" : "")
                    .append("</div></header>\n");
        }

        private void banner() {
            RunStatus status = summary.status();
            String kind = status == null ? "failed" : status.wireName();
            String icon = status == RunStatus.SUCCESS ? "✓" : status == RunStatus.PARTIAL ? "!" : "✕";
            html.append("<section class=\"banner ").append(kind).append("\" role=\"status\">\n")
                    .append("<div class=\"banner-icon\" aria-hidden=\"true\">").append(icon).append("</div>\n<div class=\"banner-body\">\n")
                    .append("<p class=\"eyebrow\">").append(esc(statusWord())).append("</p>\n")
                    .append("<h1>").append(esc(headline())).append("</h1>\n")
                    .append("<p class=\"lead\">").append(esc(lead())).append("</p>\n");
            if (summary.errorMessage() != null && !summary.errorMessage().isBlank()) {
                html.append("<p class=\"banner-error\"><strong>Error:</strong> ").append(esc(summary.errorMessage())).append("</p>\n");
            }
            html.append("<dl class=\"meta\">\n");
            meta("Run", "<code>" + esc(summary.runId()) + "</code>");
            meta("Date", esc(summary.startedAt() == null ? "—" : date.format(summary.startedAt())));
            meta("Time", esc(timeRange()));
            meta("Duration", esc(duration(summary.processingTimeSeconds())));
            meta("Trigger", esc(summary.trigger() == null ? "—" : summary.trigger().wireName()));
            html.append("</dl>\n</div>\n</section>\n");
        }

        private void meta(String term, String valueHtml) {
            html.append("<div><dt>").append(term).append("</dt><dd>").append(valueHtml).append("</dd></div>\n");
        }

        private String statusWord() {
            if (summary.status() == null) {
                return "Unknown";
            }
            return switch (summary.status()) {
                case SUCCESS -> "Success";
                case PARTIAL -> "Partial";
                case FAILED -> "Failed";
            };
        }

        private String headline() {
            if (isEmptyNight()) {
                return "Nothing was uploaded";
            }
            if (summary.status() == RunStatus.FAILED) {
                return "The nightly sort failed";
            }
            if (summary.status() == RunStatus.PARTIAL) {
                return "Sorted, with problems to look at";
            }
            return summary.lowConfidence() > 0 ? "All photos sorted — some need a quick review" : "All photos sorted";
        }

        private String lead() {
            int total = summary.totalProcessed();
            if (isEmptyNight()) {
                return "No new photos were waiting in incoming/ when the run started, so there was nothing to sort.";
            }
            if (summary.status() == RunStatus.FAILED && total == 0) {
                return "No photo was sorted. They stay in incoming/ and the next run tries again.";
            }
            List<String> parts = new ArrayList<>();
            parts.add(count(summary.sorted()) + " sorted");
            if (summary.lowConfidence() > 0) {
                parts.add(count(summary.lowConfidence()) + " to review");
            }
            if (summary.rejected() > 0) {
                parts.add(count(summary.rejected()) + " rejected");
            }
            if (summary.leftInIncoming() > 0) {
                parts.add(count(summary.leftInIncoming()) + " left in incoming/ for the next run");
            }
            return count(total) + (total == 1 ? " photo: " : " photos: ") + String.join(", ", parts) + ".";
        }

        private String timeRange() {
            if (summary.startedAt() == null) {
                return "—";
            }
            String start = time.format(summary.startedAt());
            return (summary.finishedAt() == null ? start : start + " – " + time.format(summary.finishedAt())) + " " + zoneLabel;
        }

        private void emptyNight() {
            html.append("<section class=\"card empty-state\">\n").append(Icons.TRAY)
                    .append("<h2>Nothing to do this morning</h2>\n")
                    .append("<p>There is nothing to review and nothing to send to the warehouse.</p>\n")
                    .append("<p class=\"muted\">Photos uploaded today are sorted in tonight's run.</p>\n</section>\n");
        }

        private void figures() {
            html.append("<section class=\"figures\" aria-label=\"Headline figures\">\n");
            figure("total", "Photos", count(summary.totalProcessed()), "handled this run");
            figure("sorted", "Sorted", count(summary.sorted()), "in processed/");
            figure("review", "To review", count(summary.lowConfidence()), "in review/");
            figure("rejected", "Rejected", count(summary.rejected()), "in rejected/");
            figure("left", "Left in incoming", count(summary.leftInIncoming()), "retried next run");
            figure("rate", "Success rate", String.format(Locale.ENGLISH, "%.1f%%", summary.successRate()), "classified and moved");
            html.append("</section>\n");
        }

        private void figure(String kind, String label, String value, String hint) {
            html.append("<div class=\"figure ").append(kind).append("\"><div class=\"label\">").append(label)
                    .append("</div><div class=\"value\">").append(esc(value)).append("</div><div class=\"hint\">")
                    .append(hint).append("</div></div>\n");
        }

        private int classified() {
            RunSummary.ConfidenceDistribution bands = summary.confidenceDistribution();
            return bands == null ? 0 : bands.high() + bands.medium() + bands.low();
        }

        private void charts() {
            List<Bar> categoryBars = categoryBars();
            int categorised = categoryBars.stream().mapToInt(Bar::count).sum();
            if (categorised == 0 && classified() == 0) {
                // Nothing to chart: the figures and the failure table tell the whole story.
                return;
            }
            html.append("<div class=\"grid2\">\n<section class=\"card\">\n<h2>Categories</h2>\n")
                    .append("<p class=\"sub\">Classified photos by predicted category</p>\n");
            if (categorised == 0) {
                html.append("<p class=\"none\">No categories were recorded for this run.</p>\n");
            } else {
                BarChart.render(html, "Classified photos by category", categoryBars, categorised);
            }
            String threshold = percent(summary.confidenceDistribution().threshold() * 100, 0);
            String high = percent(ConfidenceBands.HIGH * 100, 0);
            html.append("</section>\n<section class=\"card\">\n<h2>Confidence</h2>\n")
                    .append("<p class=\"sub\">How sure the model was about its category</p>\n");
            if (classified() == 0) {
                html.append("<p class=\"none\">No confidence bands were recorded for this run.</p>\n");
            } else {
                RunSummary.ConfidenceDistribution bands = summary.confidenceDistribution();
                BarChart.render(html, "Classified photos by confidence band", List.of(
                        new Bar("High >" + high, bands.high(), "high"),
                        new Bar("Medium " + threshold.replace("%", "") + "–" + high, bands.medium(), "medium"),
                        new Bar("Low <" + threshold, bands.low(), "low")), classified());
                html.append("<ul class=\"bands\">\n")
                        .append("<li><span class=\"swatch high\"></span><strong>High</strong> — sorted into processed/, nothing to do</li>\n")
                        .append("<li><span class=\"swatch medium\"></span><strong>Medium</strong> — sorted into processed/; ")
                        .append("worth a glance when a category looks odd</li>\n")
                        .append("<li><span class=\"swatch low\"></span><strong>Low</strong> — moved to review/; ")
                        .append("check each one (table below)</li>\n</ul>\n");
            }
            html.append("</section>\n</div>\n");
        }

        private List<Bar> categoryBars() {
            Map<String, Integer> categories = summary.categories() == null ? Map.of() : summary.categories();
            List<Map.Entry<String, Integer>> entries = new ArrayList<>(categories.entrySet());
            entries.removeIf(e -> e.getValue() == null || e.getValue() <= 0);
            entries.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
            List<Bar> bars = new ArrayList<>();
            int other = 0;
            int otherCategories = 0;
            for (int i = 0; i < entries.size(); i++) {
                if (entries.size() > MAX_CATEGORY_BARS && i >= MAX_CATEGORY_BARS - 1) {
                    other += entries.get(i).getValue();
                    otherCategories++;
                } else {
                    bars.add(new Bar(entries.get(i).getKey(), entries.get(i).getValue(), "category"));
                }
            }
            if (otherCategories > 0) {
                bars.add(new Bar(otherCategories + " other categories", other, "other"));
            }
            return bars;
        }

        private void reviewTable() {
            ItemList review = content.review();
            html.append("<section class=\"card\" id=\"review\">\n<div class=\"card-head\"><h2>Needs review</h2>")
                    .append("<span class=\"pill").append(review.total() == 0 ? "" : " review").append("\">").append(count(review.total())).append("</span></div>\n");
            if (review.total() == 0) {
                html.append("<p class=\"none\">")
                        .append(classified() == 0 ? "No photo was classified, so none needs review."
                                : "No photo needs review: every classified photo scored at least "
                                + percent(summary.confidenceDistribution().threshold() * 100, 0) + ".")
                        .append("</p>\n</section>\n");
                return;
            }
            html.append("<p class=\"sub\">The model was unsure about these photos. Check the category, then move each photo from ")
                    .append("review/ to the right folder. Lowest confidence first.</p>\n");
            capNote(review, "lowest-confidence photos");
            List<ItemResult> rows = new ArrayList<>(review.shown());
            rows.sort(LOWEST_CONFIDENCE_FIRST);
            html.append("<table class=\"review-table\">\n<thead><tr><th class=\"num\">#</th><th>Photo</th><th>Predicted category</th>")
                    .append("<th class=\"num\">Confidence</th><th>Now in</th></tr></thead>\n<tbody>\n");
            int n = 0;
            for (ItemResult item : rows) {
                n++;
                html.append("<tr><td class=\"num muted\">").append(n).append("</td><td>");
                photo(item);
                html.append("</td><td>").append(item.category() == null ? "<span class=\"muted\">—</span>" : esc(item.category()))
                        .append("</td><td class=\"num\">");
                confidence(item.confidence());
                html.append("</td><td class=\"path\">").append(esc(item.destination() == null ? "—" : item.destination()))
                        .append("</td></tr>\n");
            }
            html.append("</tbody>\n</table>\n</section>\n");
        }

        private void failureTable() {
            ItemList failures = content.failures();
            html.append("<section class=\"card\" id=\"errors\">\n<div class=\"card-head\"><h2>Rejected and failed photos</h2>")
                    .append("<span class=\"pill ").append(failures.total() == 0 ? "ok" : "rejected").append("\">")
                    .append(count(failures.total())).append("</span></div>\n");
            if (failures.total() == 0) {
                html.append("<p class=\"none\">No photo was rejected and nothing failed.</p>\n</section>\n");
                return;
            }
            html.append("<p class=\"sub\"><span class=\"badge rejected\">rejected</span> files are not usable photos and were moved to ")
                    .append("rejected/. <span class=\"badge error\">error</span> photos hit a temporary problem; they stay in ")
                    .append("incoming/ and the next run tries again.</p>\n");
            capNote(failures, "photos");
            html.append("<table class=\"error-table\">\n<thead><tr><th>Photo</th><th>Status</th><th>Reason</th><th>Message</th>")
                    .append("</tr></thead>\n<tbody>\n");
            for (ItemResult item : failures.shown()) {
                html.append("<tr><td>");
                photo(item);
                String status = item.status().wireName();
                html.append("</td><td><span class=\"badge ").append(status).append("\">").append(status).append("</span></td>")
                        .append("<td><code>").append(esc(item.error() == null ? "—" : item.error())).append("</code></td>")
                        .append("<td class=\"message\">").append(esc(item.errorMessage() == null ? "" : item.errorMessage()))
                        .append("</td></tr>\n");
            }
            html.append("</tbody>\n</table>\n</section>\n");
        }

        private void capNote(ItemList list, String what) {
            if (list.isCapped()) {
                html.append("<p class=\"note\">Showing the ").append(count(list.shown().size())).append(' ').append(what)
                        .append(" of ").append(count(list.total())).append(" — the rest are in <strong>results.csv</strong>.</p>\n");
            }
        }

        private void photo(ItemResult item) {
            html.append("<div class=\"file\">").append(esc(item.filename())).append("</div>");
            // The full key only when it says more than the name: a sub-folder of incoming/, or an odd key.
            if (!item.object().equals("incoming/" + item.filename())) {
                html.append("<div class=\"path muted small\">").append(esc(item.object())).append("</div>");
            }
        }

        private void confidence(@Nullable Double value) {
            if (value == null) {
                html.append("<span class=\"muted\">—</span>");
                return;
            }
            double pct = Math.max(0, Math.min(1, value)) * 100;
            html.append("<span class=\"conf\"><span class=\"meter\"><span style=\"width:")
                    .append(String.format(Locale.ROOT, "%.1f", pct)).append("%\"></span></span>")
                    .append(percent(value * 100, 1)).append("</span>");
        }

        private void timeline() {
            if (content.timeline().isEmpty()) {
                return;
            }
            html.append("<section class=\"card\" id=\"timeline\">\n<h2>Timeline</h2>\n<ol class=\"timeline\">\n");
            for (TimelineEvent event : content.timeline()) {
                html.append("<li><time>").append(esc(time.format(event.at()))).append("</time><span>")
                        .append(esc(event.text())).append("</span></li>\n");
            }
            html.append("</ol>\n<p class=\"muted small\">Times in ").append(esc(zoneLabel)).append(".</p>\n</section>\n");
        }

        private void footer() {
            RunSummary.ModelInfo model = summary.model() == null ? RunSummary.ModelInfo.UNKNOWN : summary.model();
            RunSummary.ReportPaths reports = summary.reports() == null
                    ? RunSummary.ReportPaths.forRun(summary.runId()) : summary.reports();
            html.append("<footer>\n<div><div class=\"foot-label\">Model</div>").append(esc(model.name())).append(" <span class=\"muted\">")
                    .append(esc(model.version())).append("</span></div>\n")
                    .append("<div><div class=\"foot-label\">Reports</div>");
            reportFile(reports.resultsCsv(), "every photo");
            reportFile(reports.summaryJson(), "the figures");
            reportFile(reports.reportHtml(), "this page");
            html.append("</div>\n<div><div class=\"foot-label\">Bucket</div><span class=\"path\">")
                    .append(esc(summary.bucket() == null ? "—" : summary.bucket())).append("</span></div>\n")
                    .append("<div><div class=\"foot-label\">Generated</div>")
                    .append(esc(summary.finishedAt() == null ? "—" : dateTime.format(summary.finishedAt()) + " " + zoneLabel))
                    .append(" by Return Sorter</div>\n</footer>\n");
        }

        private void reportFile(String path, String what) {
            html.append("<div><span class=\"path\">").append(esc(path)).append("</span> <span class=\"muted\">— ")
                    .append(what).append("</span></div>");
        }

        private static String esc(String text) {
            return escape(text);
        }
    }

    static String count(int n) {
        return String.format(Locale.ENGLISH, "%,d", n);
    }

    static String percent(double value, int decimals) {
        return String.format(Locale.ENGLISH, "%." + decimals + "f%%", value);
    }

    static String duration(double seconds) {
        if (seconds < 1) {
            return "under 1 s";
        }
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }

    record Bar(String label, int count, String kind) {
    }

    /** Horizontal bars in inline SVG: label, bar, then count and share; scales with its card. */
    static final class BarChart {

        private static final int WIDTH = 480;
        private static final int LABEL_WIDTH = 144;
        private static final int VALUE_WIDTH = 104;
        private static final int ROW = 32;
        private static final int BAR = 18;
        private static final int MAX_LABEL = 17;

        private BarChart() {
        }

        static void render(StringBuilder html, String title, List<Bar> bars, int total) {
            int max = bars.stream().mapToInt(Bar::count).max().orElse(0);
            int height = bars.size() * ROW + 4;
            int barSpace = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
            html.append("<svg class=\"chart\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                    .append("\" role=\"img\" aria-label=\"").append(escape(title)).append("\">\n");
            int y = 2;
            for (Bar bar : bars) {
                double share = total == 0 ? 0 : bar.count() * 100.0 / total;
                double width = max == 0 ? 0 : Math.max(bar.count() > 0 ? 2 : 0, (double) bar.count() / max * barSpace);
                String label = bar.label().length() > MAX_LABEL ? bar.label().substring(0, MAX_LABEL - 1) + "…" : bar.label();
                int middle = y + ROW / 2;
                html.append("<g><title>").append(escape(bar.label() + ": " + count(bar.count()) + " (" + percent(share, 1) + ")"))
                        .append("</title>")
                        .append("<text class=\"label\" x=\"").append(LABEL_WIDTH - 10).append("\" y=\"").append(middle)
                        .append("\" text-anchor=\"end\" dominant-baseline=\"central\">").append(escape(label)).append("</text>")
                        .append("<rect class=\"track\" x=\"").append(LABEL_WIDTH).append("\" y=\"").append(middle - BAR / 2)
                        .append("\" width=\"").append(barSpace).append("\" height=\"").append(BAR).append("\" rx=\"3\"/>")
                        .append("<rect class=\"bar ").append(bar.kind()).append("\" x=\"").append(LABEL_WIDTH).append("\" y=\"")
                        .append(middle - BAR / 2).append("\" width=\"").append(String.format(Locale.ROOT, "%.1f", width))
                        .append("\" height=\"").append(BAR).append("\" rx=\"3\"/>")
                        .append("<text class=\"value\" x=\"").append(LABEL_WIDTH + barSpace + 10).append("\" y=\"").append(middle)
                        .append("\" dominant-baseline=\"central\"><tspan class=\"n\">").append(count(bar.count()))
                        .append("</tspan><tspan class=\"pct\" dx=\"6\">").append(percent(share, 1)).append("</tspan></text></g>\n");
                y += ROW;
            }
            html.append("</svg>\n");
        }
    }
}
