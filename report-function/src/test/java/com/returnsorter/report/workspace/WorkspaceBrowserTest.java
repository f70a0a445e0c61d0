package com.returnsorter.report.workspace;

import com.returnsorter.report.decisions.DecisionRecord;
import com.returnsorter.report.decisions.DecisionStore;
import com.returnsorter.report.support.Browser;
import com.returnsorter.report.support.Night;
import com.returnsorter.report.support.ReportService;
import com.returnsorter.report.support.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The morning in a real headless Chromium (Selenium, Debian's chromium-driver) against the service as it
 * runs locally: a clerk works through the review queue by keyboard only (approve one, correct one, reject
 * one), then the pick list and the return lookup show what was decided; the photo station uploads 20
 * photos, two named like photos already in incoming/. Screenshots go to target/screenshots/ (a test run
 * never changes the tree); {@code -Dscreenshots.dir=../docs/screenshots} refreshes the committed ones.
 */
class WorkspaceBrowserTest {

    static final Instant NIGHT = Instant.parse("2026-10-13T02:00:00Z");
    static final Path SCREENSHOTS = Path.of(System.getProperty("screenshots.dir", "target/screenshots"));
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path folder;

    TestClock clock = new TestClock(NIGHT.plusSeconds(7 * 3600));
    ReportService service;
    Path bucket;
    Browser browser;

    @BeforeEach
    void start() throws Exception {
        bucket = Files.createDirectories(folder.resolve("bucket"));
        service = ReportService.start(bucket, clock, Map.of("iap.local-user", "anna@returns.example",
                "warehouse.locations", "T-shirt/top=Section A, Aisle 1;Coat=Section B, Aisle 2;Bag=Section D, Aisle 1"));
        new Night(bucket, "20261013_020000_abcdef", NIGHT)
                .sorted("return_20261013_001.jpg", "Coat", 0.93)
                .review("return_20261013_002.jpg", "Coat", 0.52, "Pullover")
                .review("return_20261013_003.jpg", "Shirt", 0.44, "T-shirt/top")
                .review("return_20261013_004.jpg", "Bag", 0.61, "Sandal")
                .sorted("return_20261013_006.jpg", "Bag", 0.97)
                .rejected("return_20261013_005.jpg")
                .record(service.history());
        browser = Browser.open(1280, 1500);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
        service.close();
    }

    @Test
    void aClerkReviewsTheQueueByKeyboardAndThePickListAndLookupShowTheDecisions() throws Exception {
        var driver = browser.driver();
        driver.get(url("/review"));
        assertThat(driver.getTitle()).isEqualTo("Review · Return Sorter");
        assertThat(driver.findElement(By.cssSelector("nav a[aria-current=page]")).getText()).isEqualTo("Review");
        List<String> queue = driver.findElements(By.cssSelector(".queue .photo h2")).stream().map(WebElement::getText).toList();
        assertThat(queue).containsExactly("return_20261013_002.jpg", "return_20261013_003.jpg", "return_20261013_004.jpg");
        waitForThumbnails();
        assertThat(current()).isEqualTo("return_20261013_002.jpg");
        browser.screenshot(SCREENSHOTS.resolve("review.png"));
        // On a tablet held upright the queue is one column, nothing runs off the side, the buttons stay big.
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(820, 1180));
        assertThat((Boolean) driver.executeScript(
                "return document.documentElement.scrollWidth <= document.documentElement.clientWidth")).isTrue();
        assertThat(driver.findElement(By.cssSelector(".photo.current form.approve button")).getSize().getHeight())
                .isGreaterThanOrEqualTo(40);
        browser.screenshot(SCREENSHOTS.resolve("review-tablet.png"));
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1500));

        // j and k move between photos; nothing is decided by moving.
        press("j");
        assertThat(current()).isEqualTo("return_20261013_003.jpg");
        press("k");
        assertThat(current()).isEqualTo("return_20261013_002.jpg");

        press("a"); // approve return_20261013_002 as Coat
        waitForFlash("Approved: review/Coat/return_20261013_002.jpg is now processed/Coat/return_20261013_002.jpg");
        assertThat(current()).isEqualTo("return_20261013_003.jpg");
        press("1"); // file return_20261013_003 under the first category, T-shirt/top
        waitForFlash("Corrected: review/Shirt/return_20261013_003.jpg is now processed/T-shirt_top/return_20261013_003.jpg");
        press("r"); // reject return_20261013_004
        waitForFlash("Rejected: review/Bag/return_20261013_004.jpg is now rejected/return_20261013_004.jpg");
        assertThat(driver.findElement(By.id("queue-empty")).getText()).contains("Nothing to review");

        assertThat(Night.copiesOf(bucket, "return_20261013_002.jpg")).containsExactly("processed/Coat/return_20261013_002.jpg");
        assertThat(Night.copiesOf(bucket, "return_20261013_003.jpg")).containsExactly("processed/T-shirt_top/return_20261013_003.jpg");
        assertThat(Night.copiesOf(bucket, "return_20261013_004.jpg")).containsExactly("rejected/return_20261013_004.jpg");
        List<DecisionRecord> decided = service.context().getBean(DecisionStore.class)
                .between(NIGHT, NIGHT.plus(Duration.ofDays(1)), 10);
        assertThat(decided).extracting(DecisionRecord::object, DecisionRecord::decision, DecisionRecord::finalCategory,
                DecisionRecord::decidedBy).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("review/Coat/return_20261013_002.jpg",
                        com.returnsorter.report.decisions.Decision.APPROVE, "Coat", "anna@returns.example"),
                org.assertj.core.groups.Tuple.tuple("review/Shirt/return_20261013_003.jpg",
                        com.returnsorter.report.decisions.Decision.CORRECT, "T-shirt/top", "anna@returns.example"),
                org.assertj.core.groups.Tuple.tuple("review/Bag/return_20261013_004.jpg",
                        com.returnsorter.report.decisions.Decision.REJECT, null, "anna@returns.example"));

        driver.findElement(By.linkText("Pick lists")).click();
        driver.get(url("/picklists?date=2026-10-13"));
        assertThat(driver.findElement(By.cssSelector("nav a[aria-current=page]")).getText()).isEqualTo("Pick lists");
        List<String> categories = driver.findElements(By.cssSelector(".picklist h2")).stream()
                .map(e -> e.getText().replaceAll(" code \\d+$", "")).toList();
        assertThat(categories).containsExactly("T-shirt/top", "Coat", "Bag");
        String lists = driver.findElement(By.tagName("main")).getText();
        assertThat(lists).contains("return_20261013_001", "return_20261013_002", "return_20261013_003",
                "approved by anna@returns.example", "corrected by anna@returns.example", "auto-classified",
                "Section A, Aisle 1", "Section B, Aisle 2").doesNotContain("return_20261013_004");
        browser.screenshot(SCREENSHOTS.resolve("picklist.png"));
        // Printed: no navigation, search, day picker or export button; the lists stay.
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
        assertThat(driver.findElement(By.cssSelector("nav")).isDisplayed()).isFalse();
        assertThat(driver.findElement(By.cssSelector("form[role=search]")).isDisplayed()).isFalse();
        assertThat(driver.findElement(By.cssSelector(".picklist-head .actions")).isDisplayed()).isFalse();
        assertThat(driver.findElements(By.cssSelector(".picklist")).get(1).getCssValue("break-before")).isEqualTo("page");
        assertThat(driver.findElement(By.cssSelector(".picklist .picks")).isDisplayed()).isTrue();
        browser.screenshot(SCREENSHOTS.resolve("picklist-print.png"));
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));

        WebElement search = driver.findElement(By.cssSelector("form[role=search] input[name=q]"));
        search.sendKeys("RET-20261013-003", Keys.ENTER);
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.urlContains("/returns/return_20261013_003"));
        waitForThumbnails();
        assertThat(driver.findElement(By.cssSelector(".return h1")).getText()).isEqualTo("Return RET-20261013-003");
        assertThat(driver.findElement(By.cssSelector(".return .status")).getText()).isEqualTo("corrected");
        assertThat(driver.findElement(By.cssSelector(".return .path")).getText())
                .isEqualTo("processed/T-shirt_top/return_20261013_003.jpg");
        assertThat(driver.findElement(By.cssSelector(".return .category")).getText()).isEqualTo("T-shirt/top");
        assertThat(driver.findElement(By.cssSelector(".return .location")).getText()).isEqualTo("Section A, Aisle 1");
        assertThat(driver.findElement(By.cssSelector(".return .decided-by")).getText()).isEqualTo("anna@returns.example");
        browser.screenshot(SCREENSHOTS.resolve("lookup.png"));

        for (String name : List.of("review.png", "picklist.png", "lookup.png")) {
            assertLooksLikeAPage(SCREENSHOTS.resolve(name));
        }
    }

    @Test
    void twentyPhotosUploadWithTheTwoClashingNamesSuffixedAndNothingOverwritten() throws Exception {
        byte[] first = Night.jpeg(1001);
        byte[] second = Night.jpeg(1002);
        Night night = new Night(bucket, "x", NIGHT);
        night.write("incoming/photo_01.jpg", first);
        night.write("incoming/photo_02.jpg", second);
        Path station = Files.createDirectories(folder.resolve("station"));
        List<String> paths = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            Path photo = station.resolve(String.format("photo_%02d.jpg", i));
            Files.write(photo, Night.jpeg(i));
            paths.add(photo.toAbsolutePath().toString());
        }

        var driver = browser.driver();
        driver.get(url("/upload"));
        assertThat(driver.findElement(By.cssSelector("nav a[aria-current=page]")).getText()).isEqualTo("Upload");
        WebElement input = driver.findElement(By.id("files"));
        assertThat(input.getAttribute("accept")).startsWith("image/jpeg");
        input.sendKeys(String.join("\n", paths));
        new WebDriverWait(driver, WAIT).until(d -> "20".equals(d.findElement(By.id("upload-form")).getAttribute("data-finished")));
        List<WebElement> rows = driver.findElements(By.cssSelector("#progress li"));
        assertThat(rows).hasSize(20);
        assertThat(rows).allSatisfy(row -> assertThat(row.findElement(By.cssSelector(".status")).getText()).startsWith("stored as"));
        browser.screenshot(SCREENSHOTS.resolve("upload.png"));
        assertLooksLikeAPage(SCREENSHOTS.resolve("upload.png"));

        List<String> incoming;
        try (Stream<Path> files = Files.list(bucket.resolve("incoming"))) {
            incoming = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(incoming).hasSize(22).contains("photo_01~1.jpg", "photo_02~1.jpg");
        assertThat(incoming.stream().filter(n -> n.contains("~")).collect(Collectors.toList()))
                .containsExactly("photo_01~1.jpg", "photo_02~1.jpg");
        assertThat(Files.readAllBytes(bucket.resolve("incoming/photo_01.jpg"))).isEqualTo(first);
        assertThat(Files.readAllBytes(bucket.resolve("incoming/photo_02.jpg"))).isEqualTo(second);
        assertThat(Files.readAllBytes(bucket.resolve("incoming/photo_01~1.jpg"))).isEqualTo(Night.jpeg(1));
        assertThat(Files.readAllBytes(bucket.resolve("incoming/photo_02~1.jpg"))).isEqualTo(Night.jpeg(2));
        for (int i = 3; i <= 20; i++) {
            assertThat(Files.readAllBytes(bucket.resolve(String.format("incoming/photo_%02d.jpg", i)))).isEqualTo(Night.jpeg(i));
        }
    }

    private String url(String path) {
        String base = service.url();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    }

    private String current() {
        return browser.driver().findElement(By.cssSelector(".queue .photo.current h2")).getText();
    }

    private void press(String key) {
        new org.openqa.selenium.interactions.Actions(browser.driver()).sendKeys(key).perform();
    }

    private void waitForFlash(String text) {
        new WebDriverWait(browser.driver(), WAIT).until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("p.flash"), text));
    }

    private void waitForThumbnails() {
        new WebDriverWait(browser.driver(), WAIT).until(d -> d.findElements(By.cssSelector("img.thumb")).stream()
                .allMatch(img -> Boolean.TRUE.equals(browser.driver().executeScript(
                        "return arguments[0].complete && arguments[0].naturalWidth > 0", img))));
    }

    /** A decodable PNG with many colours: a drawn page, not a blank or error screen. */
    private static void assertLooksLikeAPage(Path png) throws Exception {
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as("decodable PNG %s", png).isNotNull();
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 7) {
            for (int x = 0; x < image.getWidth(); x += 7) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertThat(colours).as("distinct colours in %s", png).hasSizeGreaterThan(20);
    }
}
