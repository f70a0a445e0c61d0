package com.returnsorter.report.notify;

import com.returnsorter.testing.HeadlessChromium;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opens the HTML part of an alert email in headless Chromium (a mail client's engine is a browser too) and
 * checks what a person would see. The screenshot stays in {@code target/email.png} to be looked at.
 */
class EmailBrowserTest {

    private static final int WIDTH = 800;
    private static final int HEIGHT = 1400;
    private static final Path TARGET = Path.of("target").toAbsolutePath();

    private static HeadlessChromium chromium;

    @BeforeAll
    static void findBrowser() {
        chromium = HeadlessChromium.forTests(TARGET);
    }

    @Test
    void showsTheAlertItsFiguresActionsAndLinksInARealBrowser() throws Exception {
        EmailMessage email = EmailMessage.of(Alerts.highErrorRate());
        Files.createDirectories(TARGET);
        Path html = Files.writeString(TARGET.resolve("email.html"), email.html(), StandardCharsets.UTF_8);

        Path png = chromium.screenshot(html, TARGET.resolve("email.png"), WIDTH, HEIGHT);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as("decodable PNG %s", png).isNotNull();
        assertThat(image.getWidth()).isEqualTo(WIDTH);
        String dom = chromium.dumpDom(html);
        assertThat(dom).contains("<span class=\"badge error\">ERROR</span>", "12.0 % of the photos failed",
                "<td class=\"label\">Photos</td><td><b>250</b></td>", "Recommended actions",
                "href=\"" + Alerts.REPORT + "\"", "href=\"" + Alerts.DASHBOARD + "\"")
                .doesNotContain("<nav", "<form");
        assertThat(dom.indexOf(">Dress<")).isLessThan(dom.indexOf(">Sneaker<"));
    }
}
