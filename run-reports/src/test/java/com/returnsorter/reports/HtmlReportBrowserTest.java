package com.returnsorter.reports;

import com.returnsorter.events.ItemStatus;
import com.returnsorter.events.RunStatus;
import com.returnsorter.events.RunSummary;
import com.returnsorter.testing.HeadlessChromium;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Renders reports in headless Chromium and checks what a person would see. The screenshots stay in
 * {@code target/} ({@code report-partial.png}, {@code report-empty.png}, {@code report-failed.png}) to be looked at.
 */
class HtmlReportBrowserTest {

    private static final int WIDTH = 1280;
    private static final int HEIGHT = 2000;
    private static final Path TARGET = Path.of("target").toAbsolutePath();

    private static HeadlessChromium browser;

    /** Skips without a browser, or fails when {@code CI} is set. */
    @BeforeAll
    static void findBrowser() {
        browser = HeadlessChromium.forTests(TARGET);
    }

    @Test
    void rendersAPartialRunWithTheReviewTableInARealBrowser() throws Exception {
        List<ItemResult> items = SampleRuns.night(250, 42);
        RunSummary summary = SampleRuns.summaryOf(items, RunStatus.PARTIAL, null);
        Path html = write("report-partial.html", HtmlReport.render(summary, SampleRuns.contentOf(items, 200, summary)));

        assertLooksLikeAPage(screenshot(html, "report-partial.png"));
        String dom = dumpDom(html);
        assertThat(dom).contains("<table class=\"review-table\">", "Needs review", "Rejected and failed photos");
        assertThat(dom.indexOf("review-table")).isLessThan(dom.indexOf("error-table"));
        assertThat(items).filteredOn(item -> item.status() == ItemStatus.REVIEW).hasSizeGreaterThan(10)
                .allSatisfy(item -> assertThat(dom).contains(asSerializedText(item.filename())));
        // The hostile name arrives as text, never as an element.
        assertThat(dom).contains("&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; \"quotes\".png").doesNotContain("<script");
    }

    @Test
    void rendersAnEmptyNightInARealBrowser() throws Exception {
        RunSummary summary = SampleRuns.summaryOf(List.of(), RunStatus.SUCCESS, null);
        Path html = write("report-empty.html", HtmlReport.render(summary, SampleRuns.contentOf(List.of(), 200, summary)));

        assertLooksLikeAPage(screenshot(html, "report-empty.png"));
        assertThat(dumpDom(html)).contains("Nothing was uploaded").doesNotContain("<table");
    }

    @Test
    void rendersAFailedRunInARealBrowser() throws Exception {
        List<ItemResult> items = SampleRuns.night(12, 3).stream()
                .map(item -> new ItemResult(item.object(), item.filename(), null, null, ItemStatus.ERROR, item.timestamp(),
                        item.object(), "predict-unavailable", "POST /predict answered 503 Service Unavailable (5 attempts)", null))
                .toList();
        RunSummary summary = SampleRuns.summaryOf(items, RunStatus.FAILED,
                "The predict service could not be reached for 5 minutes; the run stopped and all photos stay in incoming/.");
        Path html = write("report-failed.html", HtmlReport.render(summary, SampleRuns.contentOf(items, 200, summary)));

        assertLooksLikeAPage(screenshot(html, "report-failed.png"));
        assertThat(dumpDom(html)).contains("banner failed", "The predict service could not be reached");
    }

    /** How a browser serializes a text node: only {@code & < >} are escaped. */
    private static String asSerializedText(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static Path write(String name, String html) throws IOException {
        Files.createDirectories(TARGET);
        return Files.writeString(TARGET.resolve(name), html, StandardCharsets.UTF_8);
    }

    private static Path screenshot(Path html, String name) throws Exception {
        Path png = browser.screenshot(html, TARGET.resolve(name), WIDTH, HEIGHT);
        assertThat(png).as("screenshot written by %s", browser.executable()).exists();
        return png;
    }

    private static String dumpDom(Path html) throws Exception {
        return browser.dumpDom(html);
    }

    private static void assertLooksLikeAPage(Path png) throws IOException {
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        assertThat(Files.readAllBytes(png)).startsWith(signature);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as("decodable PNG %s", png).isNotNull();
        assertThat(image.getWidth()).isEqualTo(WIDTH);
        assertThat(image.getHeight()).isEqualTo(HEIGHT);
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 7) {
            for (int x = 0; x < image.getWidth(); x += 7) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertThat(colours).as("distinct colours in %s", png).hasSizeGreaterThan(20);
    }
}
