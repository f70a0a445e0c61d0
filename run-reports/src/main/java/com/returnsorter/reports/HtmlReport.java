package com.returnsorter.reports;

import com.returnsorter.events.ConfidenceBands;
import com.returnsorter.events.ItemStatus;
import com.returnsorter.events.RunStatus;
import com.returnsorter.events.RunSummary;
import com.returnsorter.pages.Figure;
import com.returnsorter.pages.Format;
import com.returnsorter.pages.Layout;
import com.returnsorter.pages.Pages;
import com.returnsorter.pages.charts.BarChart;
import com.returnsorter.pages.report.RunReport;
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
 * <p>Rendered from the {@code report} template of module pages (the same layout, partials and stylesheet as
 * every page of report-function; docs/pages.md). The page has inline CSS and inline SVG only: no script, no
 * external font, image or link, and a Content-Security-Policy that would block any. The template escapes
 * everything that comes from data.
 */
public final class HtmlReport {

    public static final String CONTENT_TYPE = "text/html; charset=utf-8";
    /** The template, in module pages. */
    public static final String VIEW = "report";
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

    /** The whole page: the {@code report} template of module pages with the model of this run. */
    public static String render(RunSummary summary, Content content) {
        return Pages.render(VIEW, model(summary, content));
    }

    /** What the {@code report} template shows for this run. */
    public static RunReport model(RunSummary summary, Content content) {
        return new Model(summary, content).build();
    }

    private static final class Model {

        private final RunSummary summary;
        private final Content content;
        private final DateTimeFormatter date;
        private final DateTimeFormatter time;
        private final DateTimeFormatter dateTime;
        private final String zoneLabel;

        Model(RunSummary summary, Content content) {
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

        RunReport build() {
            boolean empty = isEmptyNight();
            return new RunReport(Layout.document(statusWord() + " · Nightly sort " + summary.runId() + " · Return Sorter"),
                    summary.dryRun(), banner(), empty, empty ? List.of() : figures(), empty ? null : charts(),
                    empty ? null : review(), empty ? null : failures(), timeline(), footer());
        }

        private boolean isEmptyNight() {
            return summary.totalProcessed() == 0 && summary.status() != RunStatus.FAILED;
        }

        private RunReport.Banner banner() {
            RunStatus status = summary.status();
            String error = summary.errorMessage() == null || summary.errorMessage().isBlank() ? null : summary.errorMessage();
            return new RunReport.Banner(status == null ? "failed" : status.wireName(),
                    status == RunStatus.SUCCESS ? "✓" : status == RunStatus.PARTIAL ? "!" : "✕",
                    statusWord(), headline(), lead(), error, summary.runId(),
                    summary.startedAt() == null ? "—" : date.format(summary.startedAt()), timeRange(),
                    Format.duration(summary.processingTimeSeconds()),
                    summary.trigger() == null ? "—" : summary.trigger().wireName());
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

        private List<Figure> figures() {
            return List.of(
                    new Figure("total", "Photos", count(summary.totalProcessed()), "handled this run"),
                    new Figure("sorted", "Sorted", count(summary.sorted()), "in processed/"),
                    new Figure("review", "To review", count(summary.lowConfidence()), "in review/"),
                    new Figure("rejected", "Rejected", count(summary.rejected()), "in rejected/"),
                    new Figure("left", "Left in incoming", count(summary.leftInIncoming()), "retried next run"),
                    new Figure("rate", "Success rate", Format.percent(summary.successRate()), "classified and moved"));
        }

        private int classified() {
            RunSummary.ConfidenceDistribution bands = summary.confidenceDistribution();
            return bands == null ? 0 : bands.high() + bands.medium() + bands.low();
        }

        @Nullable
        private RunReport.Charts charts() {
            List<BarChart.Bar> categoryBars = categoryBars();
            long categorised = categoryBars.stream().mapToLong(BarChart.Bar::count).sum();
            if (categorised == 0 && classified() == 0) {
                // Nothing to chart: the figures and the failure table tell the whole story.
                return null;
            }
            String threshold = Format.percent(ConfidenceBands.DEFAULT_REVIEW_THRESHOLD * 100, 0);
            String high = Format.percent(ConfidenceBands.HIGH * 100, 0);
            BarChart categories = categorised == 0 ? null
                    : BarChart.of("Classified photos by category", categoryBars, categorised);
            BarChart confidence = null;
            if (classified() > 0) {
                RunSummary.ConfidenceDistribution bands = summary.confidenceDistribution();
                confidence = BarChart.of("Classified photos by confidence band", List.of(
                        new BarChart.Bar("High >" + high, bands.high(), "high"),
                        new BarChart.Bar("Medium " + threshold.replace("%", "") + "–" + high, bands.medium(), "medium"),
                        new BarChart.Bar("Low <" + threshold, bands.low(), "low")), classified());
            }
            return new RunReport.Charts(categories, confidence, threshold);
        }

        private List<BarChart.Bar> categoryBars() {
            Map<String, Integer> categories = summary.categories() == null ? Map.of() : summary.categories();
            List<Map.Entry<String, Integer>> entries = new ArrayList<>(categories.entrySet());
            entries.removeIf(e -> e.getValue() == null || e.getValue() <= 0);
            entries.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
            List<BarChart.Bar> bars = new ArrayList<>();
            int other = 0;
            int otherCategories = 0;
            for (int i = 0; i < entries.size(); i++) {
                if (entries.size() > MAX_CATEGORY_BARS && i >= MAX_CATEGORY_BARS - 1) {
                    other += entries.get(i).getValue();
                    otherCategories++;
                } else {
                    bars.add(new BarChart.Bar(entries.get(i).getKey(), entries.get(i).getValue(), "category"));
                }
            }
            if (otherCategories > 0) {
                bars.add(new BarChart.Bar(otherCategories + " other categories", other, "other"));
            }
            return bars;
        }

        private RunReport.Review review() {
            ItemList review = content.review();
            if (review.total() == 0) {
                return new RunReport.Review(count(0), false, classified() == 0
                        ? "No photo was classified, so none needs review."
                        : "No photo needs review: every classified photo scored at least "
                        + Format.percent(ConfidenceBands.DEFAULT_REVIEW_THRESHOLD * 100, 0) + ".", null, List.of());
            }
            List<ItemResult> items = new ArrayList<>(review.shown());
            items.sort(LOWEST_CONFIDENCE_FIRST);
            List<RunReport.ReviewRow> rows = new ArrayList<>();
            for (ItemResult item : items) {
                Double value = item.confidence();
                RunReport.Confidence confidence = value == null ? null : new RunReport.Confidence(
                        String.format(Locale.ROOT, "%.1f", Math.max(0, Math.min(1, value)) * 100), Format.percent(value * 100));
                rows.add(new RunReport.ReviewRow(rows.size() + 1, item.filename(), pathIfTelling(item), item.category(),
                        confidence, item.destination() == null ? "—" : item.destination()));
            }
            return new RunReport.Review(count(review.total()), true, null, cap(review, "lowest-confidence photos"), rows);
        }

        private RunReport.Failures failures() {
            ItemList failures = content.failures();
            List<RunReport.FailureRow> rows = failures.shown().stream()
                    .map(item -> new RunReport.FailureRow(item.filename(), pathIfTelling(item), item.status().wireName(),
                            item.error() == null ? "—" : item.error(), item.errorMessage() == null ? "" : item.errorMessage()))
                    .toList();
            return new RunReport.Failures(count(failures.total()), failures.total() > 0, cap(failures, "photos"), rows);
        }

        @Nullable
        private static RunReport.Cap cap(ItemList list, String what) {
            return list.isCapped() ? new RunReport.Cap(count(list.shown().size()), what, count(list.total())) : null;
        }

        /** The full key only when it says more than the name: a sub-folder of incoming/, or an odd key. */
        @Nullable
        private static String pathIfTelling(ItemResult item) {
            return item.object().equals("incoming/" + item.filename()) ? null : item.object();
        }

        @Nullable
        private RunReport.Timeline timeline() {
            if (content.timeline().isEmpty()) {
                return null;
            }
            return new RunReport.Timeline(content.timeline().stream()
                    .map(event -> new RunReport.Event(time.format(event.at()), event.text())).toList(), zoneLabel);
        }

        private RunReport.Footer footer() {
            RunSummary.ModelInfo model = summary.model() == null ? RunSummary.ModelInfo.UNKNOWN : summary.model();
            RunSummary.ReportPaths reports = summary.reports() == null
                    ? RunSummary.ReportPaths.forRun(summary.runId()) : summary.reports();
            return new RunReport.Footer(model.name(), model.version(), List.of(
                    new RunReport.ReportFile(reports.resultsCsv(), "every photo"),
                    new RunReport.ReportFile(reports.summaryJson(), "the figures"),
                    new RunReport.ReportFile(reports.reportHtml(), "this page")),
                    summary.bucket() == null ? "—" : summary.bucket(),
                    summary.finishedAt() == null ? "—" : dateTime.format(summary.finishedAt()) + " " + zoneLabel);
        }
    }

    private static String count(long n) {
        return Format.count(n);
    }
}
