package com.returnsorter.reports;

import com.returnsorter.events.ItemStatus;
import com.returnsorter.events.RunStatus;
import com.returnsorter.events.RunSummary;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Renders reports in headless Chromium and checks what a person would see. The screenshots stay in
 * {@code target/} ({@code report-partial.png}, {@code report-empty.png}, {@code report-failed.png}) to be looked at.
 */
class HtmlReportBrowserTest {

    private static final String INSTALL_HINT = "install chromium (apt-get install -y chromium) or set CHROME_BIN";
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 2000;
    private static final long TIMEOUT_SECONDS = 90;
    private static final Path TARGET = Path.of("target").toAbsolutePath();

    private static Path browser;

    @BeforeAll
    static void findBrowser() {
        Optional<Path> found = locateBrowser();
        if (found.isEmpty()) {
            if (System.getenv("CI") != null) {
                fail("No headless browser found: " + INSTALL_HINT);
            }
            Assumptions.abort("No headless browser found: " + INSTALL_HINT);
        }
        browser = found.get();
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
        Path png = TARGET.resolve(name);
        Files.deleteIfExists(png);
        run(html, "--screenshot=" + png, "--window-size=" + WIDTH + "," + HEIGHT, "--hide-scrollbars");
        assertThat(png).as("screenshot written by %s", browser).exists();
        return png;
    }

    private static String dumpDom(Path html) throws Exception {
        return run(html, "--dump-dom");
    }

    /** Runs the browser on {@code html} and returns its standard output; kills it when it hangs. */
    private static String run(Path html, String... options) throws Exception {
        Path profile = Files.createTempDirectory(TARGET, "chromium-profile");
        Path out = Files.createTempFile(TARGET, "chromium", ".out");
        Path err = TARGET.resolve("chromium.log");
        List<String> command = new java.util.ArrayList<>(List.of(browser.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + profile));
        command.addAll(List.of(options));
        command.add(html.toUri().toString());
        Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(err.toFile()))
                .start();
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                fail("%s did not finish within %d s; see %s", browser, TIMEOUT_SECONDS, err);
            }
            assertThat(process.exitValue()).as("exit code of %s; see %s", browser, err).isZero();
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Files.deleteIfExists(out);
            deleteTree(profile);
        }
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

    private static Optional<Path> locateBrowser() {
        String configured = System.getenv("CHROME_BIN");
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        String pathVariable = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.of("chromium", "chromium-browser", "google-chrome")
                .flatMap(name -> Stream.of(pathVariable.split(File.pathSeparator))
                        .filter(dir -> !dir.isBlank())
                        .map(dir -> Path.of(dir, name)))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
