package com.returnsorter.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The browser lookup and process handling with stand-in scripts, then one real page in Chromium. */
class HeadlessChromiumTest {

    @TempDir
    Path dir;

    @Test
    void prefersChromeBinThenTheNamesOnThePathInOrder() throws Exception {
        Path first = Files.createDirectories(dir.resolve("a"));
        Path second = Files.createDirectories(dir.resolve("b"));
        script(second.resolve("chromium"), "exit 0");
        script(first.resolve("google-chrome"), "exit 0");
        String path = first + File.pathSeparator + second;

        assertThat(HeadlessChromium.locate(Map.of("PATH", path)::get)).contains(second.resolve("chromium"));
        Path configured = script(dir.resolve("my-chrome"), "exit 0");
        assertThat(HeadlessChromium.locate(Map.of("PATH", path, "CHROME_BIN", configured.toString())::get))
                .contains(configured);
        // A CHROME_BIN that is not there is reported as missing, not replaced by whatever is on the PATH.
        assertThat(HeadlessChromium.locate(Map.of("PATH", path, "CHROME_BIN", dir.resolve("gone").toString())::get))
                .isEmpty();
        assertThat(HeadlessChromium.locate(Map.of("PATH", dir.resolve("nothing-here").toString())::get)).isEmpty();
    }

    @Test
    void passesTheHeadlessFlagsAProfileAndTheFileUrlAndReturnsStandardOutput() throws Exception {
        Path fake = script(dir.resolve("chromium"), "for a in \"$@\"; do echo \"$a\"; done");
        Path html = Files.writeString(dir.resolve("page.html"), "<p>hi</p>");

        String out = new HeadlessChromium(fake, dir.resolve("work"), Duration.ofSeconds(20)).dumpDom(html);

        assertThat(out.lines()).containsSubsequence(HeadlessChromium.FLAGS)
                .contains("--dump-dom", html.toUri().toString())
                .anySatisfy(line -> assertThat(line).startsWith("--user-data-dir=" + dir.resolve("work")));
        // The temporary profile and output file are gone afterwards.
        try (var left = Files.list(dir.resolve("work"))) {
            assertThat(left).extracting(p -> p.getFileName().toString()).containsOnly("chromium.log");
        }
    }

    @Test
    void killsABrowserThatHangsAndReportsItsLog() throws Exception {
        Path fake = script(dir.resolve("chromium"), "echo 'stuck on something' >&2; sleep 60");
        Path html = Files.writeString(dir.resolve("page.html"), "<p>hi</p>");

        assertThatThrownBy(() -> new HeadlessChromium(fake, dir, Duration.ofMillis(700)).dumpDom(html))
                .hasMessageContaining("did not finish within").hasMessageContaining("stuck on something");
    }

    @Test
    void reportsAFailedRunWithItsExitCode() throws Exception {
        Path fake = script(dir.resolve("chromium"), "echo 'cannot open display' >&2; exit 3");
        Path html = Files.writeString(dir.resolve("page.html"), "<p>hi</p>");

        assertThatThrownBy(() -> new HeadlessChromium(fake, dir, Duration.ofSeconds(20))
                .screenshot(html, dir.resolve("shot.png"), 800, 600))
                .hasMessageContaining("exited with 3").hasMessageContaining("cannot open display");
    }

    @Test
    void rendersARealPageInChromium() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.forTests(Path.of("target"));
        Path html = Files.writeString(dir.resolve("page.html"),
                "<!DOCTYPE html><title>t</title><body style=\"background:#c62828\"><h1 id=\"x\">a &lt; b</h1>",
                StandardCharsets.UTF_8);

        assertThat(chromium.dumpDom(html)).contains("<h1 id=\"x\">a &lt; b</h1>");
        Path png = chromium.screenshot(html, dir.resolve("page.png"), 640, 480);
        assertThat(javax.imageio.ImageIO.read(png.toFile())).satisfies(image -> {
            assertThat(image.getWidth()).isEqualTo(640);
            assertThat(image.getRGB(600, 440) & 0xffffff).isEqualTo(0xc62828);
        });
    }

    private static Path script(Path path, String body) throws Exception {
        Files.writeString(path, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        return path;
    }
}
