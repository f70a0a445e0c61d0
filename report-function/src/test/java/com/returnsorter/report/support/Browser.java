package com.returnsorter.report.support;

import com.returnsorter.testing.HeadlessChromium;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real headless Chromium driven by Selenium through Debian's {@code chromium-driver}. The driver and the
 * browser are given by path ({@code CHROMEDRIVER}, default {@code /usr/bin/chromedriver}; {@code CHROME_BIN},
 * default {@code /usr/bin/chromium}), so Selenium Manager never looks for, or downloads, anything.
 * Without them the test is skipped, or fails when {@code CI} is set.
 */
public final class Browser implements AutoCloseable {

    public static final String INSTALL_HINT = "install chromium and chromium-driver (apt-get install -y chromium chromium-driver)"
            + " or set CHROME_BIN and CHROMEDRIVER";

    private final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /** A browser with a {@code width}×{@code height} window. */
    public static Browser open(int width, int height) {
        Path driverPath = Path.of(env("CHROMEDRIVER", "/usr/bin/chromedriver"));
        Path chromePath = Path.of(env("CHROME_BIN", "/usr/bin/chromium"));
        if (!Files.isExecutable(driverPath) || !Files.isExecutable(chromePath)) {
            String message = "No browser for Selenium at " + chromePath + " / " + driverPath + ": " + INSTALL_HINT;
            if (System.getenv("CI") != null) {
                Assertions.fail(message);
            }
            Assumptions.abort(message);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromePath.toFile());
        List<String> arguments = new ArrayList<>(HeadlessChromium.FLAGS);
        arguments.add("--window-size=" + width + "," + height);
        arguments.add("--hide-scrollbars");
        arguments.add("--lang=en-GB");
        options.addArguments(arguments);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driverPath.toFile())
                .usingAnyFreePort()
                .withLogFile(new File("target/chromedriver.log"))
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return new Browser(driver);
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Saves what the window shows as a PNG. */
    public Path screenshot(Path png) {
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            File shot = driver.getScreenshotAs(OutputType.FILE);
            return Files.copy(shot.toPath(), png, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
