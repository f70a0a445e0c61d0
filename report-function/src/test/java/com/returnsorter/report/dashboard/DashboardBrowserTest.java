package com.returnsorter.report.dashboard;

import com.returnsorter.events.RunStatus;
import com.returnsorter.pages.Pages;
import com.returnsorter.report.history.RunRecord;
import com.returnsorter.testing.HeadlessChromium;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.returnsorter.report.dashboard.DashboardFixtures.HOSTILE;
import static com.returnsorter.report.dashboard.DashboardFixtures.alerts;
import static com.returnsorter.report.dashboard.DashboardFixtures.night;
import static com.returnsorter.report.dashboard.DashboardFixtures.render;
import static com.returnsorter.report.dashboard.DashboardFixtures.nights;
import static com.returnsorter.report.dashboard.DashboardFixtures.run;
import static com.returnsorter.report.dashboard.DashboardFixtures.view;
import static com.returnsorter.report.dashboard.DashboardPageTest.occurrences;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opens the dashboard with 0, 1 and 60 runs in headless Chromium and checks what a person would see.
 * The screenshots stay in {@code target/dashboard-*.png} to be looked at. Without a browser the test
 * is skipped, or fails when {@code CI} is set.
 */
class DashboardBrowserTest {

    private static final int WIDTH = 1280;
    private static final int HEIGHT = 2000;
    private static final Path TARGET = Path.of("target").toAbsolutePath();

    private static HeadlessChromium chromium;

    @BeforeAll
    static void findBrowser() {
        chromium = HeadlessChromium.forTests(TARGET);
    }

    @Test
    void showsTheEmptyStateWithNoRunsInARealBrowser() throws Exception {
        Path html = write("dashboard-empty.html", render(view(List.of(), List.of())));

        assertLooksLikeAPage(chromium.screenshot(html, TARGET.resolve("dashboard-empty.png"), WIDTH, HEIGHT));
        String dom = chromium.dumpDom(html);
        assertThat(dom).contains("No runs recorded yet", "The next run is due", "Wed 4 Mar 2026, 02:00", "No alerts.")
                .doesNotContain("<svg class=\"chart", "NaN");
    }

    @Test
    void showsASingleRunInARealBrowser() throws Exception {
        RunRecord only = run("20260303_010000_single", night(0), 236, 0, 31, RunStatus.SUCCESS, false,
                Map.of("Dress", 120, "Coat", 80, HOSTILE, 36));
        Path html = write("dashboard-one.html", render(view(List.of(only), List.of())));

        assertLooksLikeAPage(chromium.screenshot(html, TARGET.resolve("dashboard-one.png"), WIDTH, HEIGHT));
        String dom = chromium.dumpDom(html);
        assertThat(dom).contains("The nightly sort is running smoothly", "20260303_010000_single",
                "href=\"runs/20260303_010000_single/report\"", "Success rate per day", "Photos per day", "100.0%");
        // The hostile category arrives as text, never as an element.
        assertThat(dom).contains("&lt;img src=x onerror=alert(1)&gt;").doesNotContain("<img");
        assertThat(occurrences(DashboardPageTest.section(dom, "success-trend"), "<circle class=\"gap\"")).isEqualTo(29);
    }

    @Test
    void showsSixtyRunsOverThirtyDaysInARealBrowser() throws Exception {
        List<RunRecord> runs = new ArrayList<>(nights(60, 11));
        runs.set(3, run(runs.get(3).runId(), runs.get(3).startedAt(), 250, 4, 20, RunStatus.PARTIAL, false,
                Map.of(HOSTILE, 246)));
        Path html = write("dashboard-sixty.html", render(view(runs, alerts())));

        assertLooksLikeAPage(chromium.screenshot(html, TARGET.resolve("dashboard-sixty.png"), WIDTH, HEIGHT));
        String dom = chromium.dumpDom(html);
        assertThat(dom).contains("Needs attention", "Recent alerts", "CRITICAL", "The nightly sort failed",
                "Showing the 15 newest of 60 runs", "dry run");
        assertThat(DashboardPageTest.columns(DashboardPageTest.section(dom, "success-trend"))).isEqualTo(30);
        assertThat(dom).contains("&lt;img src=x onerror=alert(1)&gt;").doesNotContain("<img");
    }

    @Test
    void showsLiveAccuracyInARealBrowser() throws Exception {
        Path html = write("dashboard-quality.html", render(new DashboardView(DashboardFixtures.NOW, DashboardFixtures.ZONE,
                30, nights(20, 5), List.of(), DashboardFixtures.NEXT_RUN, java.time.Duration.ofMinutes(5),
                java.time.Duration.ofHours(36), DashboardQualityTest.report())));

        assertLooksLikeAPage(chromium.screenshot(html, TARGET.resolve("dashboard-quality.png"), WIDTH, HEIGHT));
        String live = DashboardPageTest.section(chromium.dumpDom(html), "live-accuracy");
        assertThat(live).contains("Live accuracy", "the model was right on 10 of 16 reviewed photos",
                "By category the model said", "By week", "What the model said, what the reviewer said", "2026-W09");
        assertThat(live).contains("&lt;img src=x onerror=alert(1)&gt;").doesNotContain("<img");
    }

    @Test
    void showsTheRunsPageInARealBrowser() throws Exception {
        // What GET /runs?days=30 gets from the history: the runs started in the last 30 days.
        List<RunRecord> runs = nights(60, 11).stream()
                .filter(run -> run.startedAt().isAfter(DashboardFixtures.NOW.minus(java.time.Duration.ofDays(30)))).toList();
        Path html = write("runs.html", Pages.render("runs", DashboardPage.runList(runs, 30, DashboardFixtures.ZONE,
                DashboardFixtures.NOW)));

        assertLooksLikeAPage(chromium.screenshot(html, TARGET.resolve("runs.png"), WIDTH, HEIGHT));
        String dom = chromium.dumpDom(html);
        assertThat(runs).hasSizeBetween(20, 59);
        assertThat(dom).contains(runs.size() + " runs in the last 30 days, newest first. Times in CET.",
                "<a href=\"/runs\" aria-current=\"page\">Runs</a>", "href=\"runs/" + runs.get(0).runId() + "/report\"");
        assertThat(occurrences(dom, "<tr>")).isEqualTo(runs.size() + 1);
    }

    private static Path write(String name, String html) throws IOException {
        Files.createDirectories(TARGET);
        return Files.writeString(TARGET.resolve(name), html, StandardCharsets.UTF_8);
    }

    /** A decodable PNG of the window's size with many colours: a drawn page, not a blank or error screen. */
    private static void assertLooksLikeAPage(Path png) throws IOException {
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
