package com.returnsorter.report.workspace;

import com.returnsorter.report.support.Browser;
import com.returnsorter.report.support.BucketXmlEndpoint;
import com.returnsorter.report.support.Night;
import com.returnsorter.report.support.ReportService;
import com.returnsorter.report.support.SigningAccount;
import com.returnsorter.report.support.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The photo station in upload mode signed-url, in a real headless Chromium: upload.js asks the service for a
 * signed URL per photo and PUTs the photo to a real local HTTP server standing in for the bucket's XML endpoint
 * (CORS preflight, signature, 200 / 412), with a progress bar per file. A photo named like an object already in
 * incoming/ is signed for the next suffix at once; one whose name another upload takes between the check and
 * the PUT gets 412 and is retried under the next suffix, also when the bucket's error carries no CORS headers
 * and the browser cannot read it. Nothing passes through the service but the names.
 */
class SignedUploadBrowserTest {

    static final Path SCREENSHOTS = Path.of(System.getProperty("screenshots.dir", "target/screenshots"));
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String BUCKET = "returns-test-bucket";

    @TempDir
    Path folder;
    final SigningAccount account = new SigningAccount();
    BucketXmlEndpoint endpoint;
    ReportService service;
    Browser browser;

    @BeforeEach
    void start() throws Exception {
        endpoint = BucketXmlEndpoint.start(BUCKET, account.keys().getPublic());
        Path bucket = Files.createDirectories(folder.resolve("bucket"));
        service = ReportService.start(bucket, new TestClock(Instant.parse("2026-10-13T09:00:00Z")), Map.of(
                "iap.local-user", "station@returns.example", "storage.kind", "gcs", "storage.bucket", BUCKET,
                "workspace.upload.mode", "signed-url", "workspace.upload.bucket-host", endpoint.url()),
                account.storage(endpoint.url()));
        browser = Browser.open(1280, 1100);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
        service.close();
        endpoint.close();
    }

    @Test
    void photosGoStraightToTheBucketWithProgressAndATakenNameIsRetriedUnderTheNextSuffix() throws Exception {
        byte[] first = Night.jpeg(1001);
        byte[] second = Night.jpeg(1002);
        endpoint.put("incoming/photo_01.jpg", first);
        endpoint.putAfterFirstCheck("incoming/photo_02.jpg", second);
        Path station = Files.createDirectories(folder.resolve("station"));
        List<String> paths = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            Path photo = station.resolve(String.format("photo_%02d.jpg", i));
            Files.write(photo, Night.jpeg(i));
            paths.add(photo.toAbsolutePath().toString());
        }
        // The bucket holds its answer to these two until the page has shown them mid-way.
        CountDownLatch retried = endpoint.hold("incoming/photo_01~1.jpg");
        CountDownLatch plain = endpoint.hold("incoming/photo_03.jpg");

        WebDriver driver = browser.driver();
        driver.get(service.url().replaceAll("/$", "") + "/upload");
        assertThat(driver.findElement(By.id("upload-form")).getAttribute("data-mode")).isEqualTo("signed-url");
        driver.findElement(By.id("files")).sendKeys(String.join("\n", paths));

        WebElement clash = row(driver, "photo_01.jpg");
        WebElement third = row(driver, "photo_03.jpg");
        new WebDriverWait(driver, WAIT).until(d -> clash.findElement(By.cssSelector(".status")).getText()
                .equals("uploading as photo_01~1.jpg (the name was taken)")
                && "100".equals(clash.findElement(By.tagName("progress")).getAttribute("value"))
                && third.findElement(By.cssSelector(".status")).getText().equals("uploading")
                && "100".equals(third.findElement(By.tagName("progress")).getAttribute("value")));
        browser.screenshot(SCREENSHOTS.resolve("upload-signed-url.png"));
        retried.countDown();
        plain.countDown();

        new WebDriverWait(driver, WAIT).until(d -> "8".equals(d.findElement(By.id("upload-form")).getAttribute("data-finished")));
        assertThat(clash.findElement(By.cssSelector(".status")).getText())
                .isEqualTo("stored as incoming/photo_01~1.jpg (the name was taken)");
        assertThat(row(driver, "photo_02.jpg").findElement(By.cssSelector(".status")).getText())
                .isEqualTo("stored as incoming/photo_02~1.jpg (the name was taken)");
        assertThat(third.findElement(By.cssSelector(".status")).getText()).isEqualTo("stored as incoming/photo_03.jpg");

        assertThat(endpoint.objects()).hasSize(10);
        assertThat(endpoint.objects().get("incoming/photo_01.jpg")).isEqualTo(first);
        assertThat(endpoint.objects().get("incoming/photo_02.jpg")).isEqualTo(second);
        assertThat(endpoint.objects().get("incoming/photo_01~1.jpg")).isEqualTo(Night.jpeg(1));
        assertThat(endpoint.objects().get("incoming/photo_02~1.jpg")).isEqualTo(Night.jpeg(2));
        for (int i = 3; i <= 8; i++) {
            assertThat(endpoint.objects().get(String.format("incoming/photo_%02d.jpg", i))).isEqualTo(Night.jpeg(i));
        }
        assertThat(endpoint.puts()).filteredOn(put -> put.status() == 412).extracting(BucketXmlEndpoint.Put::object)
                .as("photo_01 was skipped before signing; photo_02 lost the race").containsExactly("incoming/photo_02.jpg");
        // The 412 was read: the retry asked for the next suffix at once (photo_02.jpg checked once).
        assertThat(endpoint.stats()).filteredOn(key -> key.startsWith("incoming/photo_02"))
                .containsExactly("incoming/photo_02.jpg", "incoming/photo_02~1.jpg");
        assertThat(endpoint.puts()).filteredOn(put -> put.status() != 200 && put.status() != 412).isEmpty();
        // The browser's CORS preflight asks for exactly what the bucket's CORS rule (terraform) allows.
        assertThat(endpoint.preflights()).isNotEmpty()
                .allMatch(p -> p.equals("PUT content-type,x-goog-content-length-range,x-goog-if-generation-match"));
        assertThat(Files.exists(folder.resolve("bucket/incoming"))).as("nothing went through the service").isFalse();
    }

    @Test
    void aClashWhoseAnswerTheBrowserCannotReadIsAskedForAgain() throws Exception {
        endpoint.corsOnErrors(false);
        byte[] other = Night.jpeg(2001);
        endpoint.putAfterFirstCheck("incoming/photo_11.jpg", other);
        Path station = Files.createDirectories(folder.resolve("station"));
        List<String> paths = new ArrayList<>();
        for (int i = 11; i <= 12; i++) {
            Path photo = station.resolve(String.format("photo_%02d.jpg", i));
            Files.write(photo, Night.jpeg(i));
            paths.add(photo.toAbsolutePath().toString());
        }
        WebDriver driver = browser.driver();
        driver.get(service.url().replaceAll("/$", "") + "/upload");
        driver.findElement(By.id("files")).sendKeys(String.join("\n", paths));
        new WebDriverWait(driver, WAIT).until(d -> "2".equals(d.findElement(By.id("upload-form")).getAttribute("data-finished")));

        assertThat(row(driver, "photo_11.jpg").findElement(By.cssSelector(".status")).getText())
                .isEqualTo("stored as incoming/photo_11~1.jpg (the name was taken)");
        assertThat(row(driver, "photo_12.jpg").findElement(By.cssSelector(".status")).getText())
                .isEqualTo("stored as incoming/photo_12.jpg");
        assertThat(endpoint.objects().get("incoming/photo_11.jpg")).isEqualTo(other);
        assertThat(endpoint.objects().get("incoming/photo_11~1.jpg")).isEqualTo(Night.jpeg(11));
        assertThat(endpoint.puts()).filteredOn(put -> put.status() == 412).extracting(BucketXmlEndpoint.Put::object)
                .containsExactly("incoming/photo_11.jpg");
        // The browser saw no status, so it asked for the same name again (checked twice), not for the next suffix.
        assertThat(endpoint.stats()).filteredOn(key -> key.startsWith("incoming/photo_11"))
                .containsExactly("incoming/photo_11.jpg", "incoming/photo_11.jpg", "incoming/photo_11~1.jpg");
    }

    private static WebElement row(WebDriver driver, String file) {
        return new WebDriverWait(driver, WAIT).until(d -> d.findElements(By.cssSelector("#progress li")).stream()
                .filter(li -> li.findElement(By.cssSelector(".file")).getText().equals(file)).findFirst().orElse(null));
    }
}
