package com.returnsorter.reports;

import com.returnsorter.events.ItemStatus;
import com.returnsorter.events.RunStatus;
import com.returnsorter.events.RunSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HtmlReportTest {

    private static final Instant AT = SampleRuns.STARTED.plusSeconds(5);
    private static final String HOSTILE = "<script>alert(\"x\")</script> & 'q' #1?.jpg";

    @Test
    void escapesHostileNamesMessagesAndCategoriesFromData() {
        List<ItemResult> items = List.of(
                new ItemResult("incoming/" + HOSTILE, HOSTILE, "<b>Coat</b>", 0.41, ItemStatus.REVIEW, AT,
                        "review/<b>Coat</b>/" + HOSTILE, null, null, null),
                new ItemResult("incoming/<img src=x onerror=alert(1)>.gif", "<img src=x onerror=alert(1)>.gif", null, null,
                        ItemStatus.REJECTED, AT, "rejected/x.gif", "corrupt", "bad \"header\" <svg onload=alert(1)>", null));
        RunSummary summary = SampleRuns.summaryOf(items, RunStatus.PARTIAL, "store said: <i>slow</i> & \"odd\"");

        String html = HtmlReport.render(summary, SampleRuns.contentOf(items, 200, summary));

        assertThat(html).doesNotContain("<script", "<b>Coat", "<img", "<svg onload", "<i>slow");
        // In text jte escapes & < > (quotes need no escaping outside attributes).
        assertThat(html).contains(
                "&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; 'q' #1?.jpg",
                "&lt;b&gt;Coat&lt;/b&gt;",
                "&lt;img src=x onerror=alert(1)&gt;.gif",
                "bad \"header\" &lt;svg onload=alert(1)&gt;",
                "store said: &lt;i&gt;slow&lt;/i&gt; &amp; \"odd\"");
    }

    @Test
    void keepsUnicodeInNamesAndCategories() {
        List<ItemResult> items = List.of(new ItemResult("incoming/größe 😀.jpg", "größe 😀.jpg", "Jäckchen", 0.5,
                ItemStatus.REVIEW, AT, "review/Jäckchen/größe 😀.jpg", null, null, null));
        RunSummary summary = SampleRuns.summaryOf(items, RunStatus.SUCCESS, null);

        String html = HtmlReport.render(summary, SampleRuns.contentOf(items, 200, summary));

        assertThat(html).contains("<div class=\"file\">größe 😀.jpg</div>", "<td>Jäckchen</td>", "review/Jäckchen/größe 😀.jpg");
    }

    @Test
    void listsTheReviewItemsBeforeTheErrorsLowestConfidenceFirst() {
        List<ItemResult> items = List.of(
                failed("incoming/zz-broken.jpg"),
                review("incoming/mid.jpg", 0.55),
                review("incoming/lowest.jpg", 0.32),
                review("incoming/highest.jpg", 0.69));
        RunSummary summary = SampleRuns.summaryOf(items, RunStatus.PARTIAL, null);

        String html = HtmlReport.render(summary, SampleRuns.contentOf(items, 200, summary));

        int reviewTable = html.indexOf("<table class=\"review-table\"");
        int errorTable = html.indexOf("<table class=\"error-table\"");
        assertThat(reviewTable).isPositive().isLessThan(errorTable);
        assertThat(html.indexOf("lowest.jpg")).isBetween(reviewTable, html.indexOf("mid.jpg"));
        assertThat(html.indexOf("mid.jpg")).isLessThan(html.indexOf("highest.jpg"));
        assertThat(html.indexOf("zz-broken.jpg")).isGreaterThan(errorTable);
        assertThat(html).contains(">32.0%<", "review/Coat/lowest.jpg");
    }

    @ParameterizedTest
    @CsvSource({
            "SUCCESS, banner success, Success",
            "PARTIAL, banner partial, Partial",
            "FAILED,  banner failed,  Failed"})
    void showsABannerInTheColourOfTheRunStatus(RunStatus status, String bannerClass, String word) {
        List<ItemResult> items = List.of(review("incoming/a.jpg", 0.5), failed("incoming/b.jpg"));
        RunSummary summary = SampleRuns.summaryOf(items, status, status == RunStatus.FAILED ? "predict service unreachable" : null);

        String html = HtmlReport.render(summary, SampleRuns.contentOf(items, 200, summary));

        assertThat(html).contains("<section class=\"" + bannerClass + "\"", "<p class=\"eyebrow\">" + word + "</p>",
                "<title>" + word + " · Nightly sort " + SampleRuns.RUN_ID);
        assertThat(html).contains(SampleRuns.RUN_ID, "Tuesday 14 May 2024", "02:00:03 – 02:00:18 UTC", "16 s");
        assertThat(html.contains("predict service unreachable")).isEqualTo(status == RunStatus.FAILED);
        assertThat(countOf(html, "class=\"banner ")).isEqualTo(1);
    }

    @Test
    void showsTimesInTheShiftsTimeZone() {
        List<ItemResult> items = List.of(review("incoming/a.jpg", 0.5));
        RunSummary summary = SampleRuns.summaryOf(items, RunStatus.SUCCESS, null);
        HtmlReport.Content content = HtmlReport.Content.builder(10).zone(ZoneId.of("Europe/Berlin"))
                .event(summary.startedAt(), "Run started (scheduled)").add(items.get(0)).build();

        String html = HtmlReport.render(summary, content);

        assertThat(html).contains("04:00:03 – 04:00:17 CEST", "<time>04:00:03</time>");
    }

    @Test
    void anEmptyNightSaysNothingWasUploadedInsteadOfEmptyTablesAndCharts() {
        RunSummary summary = SampleRuns.summaryOf(List.of(), RunStatus.SUCCESS, null);

        String html = HtmlReport.render(summary, SampleRuns.contentOf(List.of(), 200, summary));

        assertThat(html).contains("banner success", "Nothing was uploaded", "Photos uploaded today are sorted in tonight");
        assertThat(html).doesNotContain("<table", "<svg class=\"chart", "NaN", "Infinity", "Needs review");
    }

    @Test
    void aFailedRunWithoutPhotosExplainsThatTheyStayInIncoming() {
        RunSummary summary = SampleRuns.summaryOf(List.of(), RunStatus.FAILED, "predict service unreachable after 5 attempts");

        String html = HtmlReport.render(summary, SampleRuns.contentOf(List.of(), 200, summary));

        assertThat(html).contains("banner failed", "The nightly sort failed", "predict service unreachable after 5 attempts",
                "They stay in incoming/ and the next run tries again", "No photo was classified, so none needs review.");
        assertThat(html).doesNotContain("Nothing was uploaded", "NaN", "<svg class=\"chart");
    }

    @Test
    void capsLongListsAndSaysHowManyAreShown() {
        List<ItemResult> items = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            items.add(i % 8 == 0 ? review("incoming/r" + i + ".jpg", 0.30 + (i % 4000) / 10_000.0)
                    : i % 7 == 0 ? failed("incoming/f" + i + ".jpg")
                    : sorted("incoming/s" + i + ".jpg"));
        }
        RunSummary summary = SampleRuns.summaryOf(items, RunStatus.PARTIAL, null);

        String html = HtmlReport.render(summary, SampleRuns.contentOf(items, 200, summary));

        assertThat(summary.lowConfidence()).isEqualTo(1_250);
        assertThat(html).contains("Showing the 200 lowest-confidence photos of 1,250 — the rest are in <strong>results.csv</strong>.",
                "Showing the 200 photos of 1,250 — the rest are in <strong>results.csv</strong>.");
        assertThat(rowsOf(html, "review-table")).isEqualTo(200);
        assertThat(rowsOf(html, "error-table")).isEqualTo(200);
        assertThat(html).contains(">30.0%<").doesNotContain(">69.9%<");
        assertThat(html.length()).isLessThan(400_000);
    }

    @Test
    void uncappedListsSayNothingAboutResultsCsvInTheTables() {
        List<ItemResult> items = List.of(review("incoming/a.jpg", 0.5), failed("incoming/b.jpg"), sorted("incoming/c.jpg"));
        RunSummary summary = SampleRuns.summaryOf(items, RunStatus.PARTIAL, null);

        String html = HtmlReport.render(summary, SampleRuns.contentOf(items, 200, summary));

        assertThat(html).doesNotContain("Showing the");
        assertThat(rowsOf(html, "review-table")).isEqualTo(1);
        assertThat(rowsOf(html, "error-table")).isEqualTo(1);
        assertThat(html).contains("3 photos: 1 sorted, 1 to review, 1 rejected.");
    }

    @Test
    void builderKeepsTheLowestConfidenceReviewItemsAndTheFirstFailures() {
        HtmlReport.ContentBuilder builder = HtmlReport.Content.builder(2);
        builder.add(review("incoming/a.jpg", 0.6)).add(review("incoming/b.jpg", 0.2)).add(sorted("incoming/s.jpg"))
                .add(review("incoming/c.jpg", 0.4)).add(review("incoming/d.jpg", 0.65))
                .add(failed("incoming/f1.jpg")).add(failed("incoming/f2.jpg")).add(failed("incoming/f3.jpg"));

        HtmlReport.Content content = builder.build();

        assertThat(content.review().shown()).extracting(ItemResult::filename).containsExactly("b.jpg", "c.jpg");
        assertThat(content.review().total()).isEqualTo(4);
        assertThat(content.failures().shown()).extracting(ItemResult::filename).containsExactly("f1.jpg", "f2.jpg");
        assertThat(content.failures().total()).isEqualTo(3);
    }

    @Test
    void refusesAListWhoseTotalIsSmallerThanWhatItShows() {
        assertThatThrownBy(() -> new HtmlReport.ItemList(List.of(sorted("incoming/a.jpg")), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void isSelfContainedWithoutScriptsOrNetworkReferences() {
        List<ItemResult> items = SampleRuns.night(250, 7);
        RunSummary summary = SampleRuns.summaryOf(items, RunStatus.PARTIAL, null);

        String html = HtmlReport.render(summary, SampleRuns.contentOf(items, 200, summary));

        assertThat(html.toLowerCase()).doesNotContain("http://", "https://", "<script", "src=", "href=", "url(", "@import",
                "<link", "<iframe", "<object", "<embed");
        // jte escapes the quotes of attribute values; the browser reads &#39; as '.
        assertThat(html).contains("<style>", "@media print",
                "Content-Security-Policy\" content=\"default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;\"");
    }

    @Test
    void chartsEveryCategoryByCountWithItsShare() {
        List<ItemResult> items = List.of(sorted("incoming/a.jpg"), sorted("incoming/b.jpg"), sorted("incoming/c.jpg"),
                new ItemResult("incoming/d.jpg", "d.jpg", "Bag", 0.9, ItemStatus.SORTED, AT, "processed/Bag/d.jpg",
                        null, null, null));
        RunSummary summary = SampleRuns.summaryOf(items, RunStatus.SUCCESS, null);

        String html = HtmlReport.render(summary, SampleRuns.contentOf(items, 200, summary));

        String chart = html.substring(html.indexOf("<svg"), html.indexOf("</svg>"));
        assertThat(chart.indexOf(">Coat<")).isPositive().isLessThan(chart.indexOf(">Bag<"));
        assertThat(chart).contains("<tspan class=\"n\">3</tspan><tspan class=\"pct\" dx=\"6\">75.0%</tspan>",
                "<tspan class=\"n\">1</tspan><tspan class=\"pct\" dx=\"6\">25.0%</tspan>");
        assertThat(html).contains(">High &gt;85%<", ">Medium 70–85%<", ">Low &lt;70%<", ">4</tspan><tspan class=\"pct\" dx=\"6\">100.0%<");
    }

    @Test
    void footerNamesTheModelAndTheReportFiles() {
        List<ItemResult> items = List.of(sorted("incoming/a.jpg"));
        RunSummary summary = SampleRuns.summaryOf(items, RunStatus.SUCCESS, null);

        String html = HtmlReport.render(summary, SampleRuns.contentOf(items, 200, summary));

        String footer = html.substring(html.indexOf("<footer"));
        assertThat(footer).contains("fashion-mnist-cnn", "1.2.0", "reports/" + SampleRuns.RUN_ID + "/results.csv",
                "reports/" + SampleRuns.RUN_ID + "/summary.json", "reports/" + SampleRuns.RUN_ID + "/report.html",
                "gs://acme-returns-prod");
    }

    private static ItemResult review(String object, double confidence) {
        String name = ItemResult.filenameOf(object);
        return new ItemResult(object, name, "Coat", confidence, ItemStatus.REVIEW, AT, "review/Coat/" + name, null, null, null);
    }

    private static ItemResult sorted(String object) {
        String name = ItemResult.filenameOf(object);
        return new ItemResult(object, name, "Coat", 0.93, ItemStatus.SORTED, AT, "processed/Coat/" + name, null, null, null);
    }

    private static ItemResult failed(String object) {
        String name = ItemResult.filenameOf(object);
        return new ItemResult(object, name, null, null, ItemStatus.REJECTED, AT, "rejected/" + name, "corrupt",
                "JPEG data ends early", null);
    }

    private static int rowsOf(String html, String tableClass) {
        int start = html.indexOf("<table class=\"" + tableClass + "\"");
        String table = html.substring(start, html.indexOf("</table>", start));
        return countOf(table.substring(table.indexOf("<tbody>")), "<tr>");
    }

    private static int countOf(String text, String needle) {
        Matcher matcher = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (matcher.find()) {
            n++;
        }
        return n;
    }
}
