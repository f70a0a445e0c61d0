package com.returnsorter.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Headless Chromium for tests that look at a rendered page: takes a screenshot of a local HTML file
 * or dumps its DOM after parsing. Each call is a fresh browser process with its own temporary
 * profile, killed when it runs longer than the timeout.
 *
 * <pre>{@code
 * HeadlessChromium chromium = HeadlessChromium.forTests(Path.of("target"));   // skips or fails when absent
 * Path png = chromium.screenshot(html, Path.of("target/page.png"), 1280, 2000);
 * String dom = chromium.dumpDom(html);
 * }</pre>
 *
 * <p>The browser is {@code CHROME_BIN} when set, else the first of {@code chromium},
 * {@code chromium-browser} and {@code google-chrome} on the {@code PATH}.
 */
public final class HeadlessChromium {

    public static final String INSTALL_HINT = "install chromium (apt-get install -y chromium) or set CHROME_BIN";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(90);
    /** Headless, no GPU, and nothing that talks to the network on its own. */
    public static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run");
    static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");

    private static final Logger LOG = LoggerFactory.getLogger(HeadlessChromium.class);
    private static final int LOG_TAIL = 2_000;

    private final Path executable;
    private final Path workDir;
    private final Duration timeout;

    /**
     * @param executable the browser binary
     * @param workDir    where temporary profiles go and {@code chromium.log} (the browser's stderr) is appended
     * @param timeout    how long one browser run may take
     */
    public HeadlessChromium(Path executable, Path workDir, Duration timeout) {
        this.executable = Objects.requireNonNull(executable, "executable");
        this.workDir = workDir.toAbsolutePath();
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** The browser named by the environment, if there is one. */
    public static Optional<Path> locate() {
        return locate(System::getenv);
    }

    static Optional<Path> locate(UnaryOperator<String> env) {
        String configured = env.apply("CHROME_BIN");
        if (configured != null && !configured.isBlank()) {
            // An explicit choice is never silently replaced by another browser.
            Path path = Path.of(configured);
            return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        String pathVariable = Optional.ofNullable(env.apply("PATH")).orElse("");
        return NAMES.stream()
                .flatMap(name -> Stream.of(pathVariable.split(File.pathSeparator))
                        .filter(dir -> !dir.isBlank())
                        .map(dir -> Path.of(dir, name)))
                .filter(path -> Files.isRegularFile(path) && Files.isExecutable(path))
                .findFirst();
    }

    /**
     * The browser for a test, with the default timeout. Without one the test fails when the
     * environment variable {@code CI} is set (a CI image must have it) and is skipped otherwise,
     * both with {@link #INSTALL_HINT}.
     */
    public static HeadlessChromium forTests(Path workDir) {
        Optional<Path> found = locate();
        if (found.isEmpty()) {
            String message = "No headless browser found: " + INSTALL_HINT;
            if (System.getenv("CI") != null) {
                Assertions.fail(message);
            }
            Assumptions.abort(message);
        }
        return new HeadlessChromium(found.get(), workDir, DEFAULT_TIMEOUT);
    }

    public Path executable() {
        return executable;
    }

    /** Renders {@code html} in a {@code width}×{@code height} window and writes the visible part to {@code png}. */
    public Path screenshot(Path html, Path png, int width, int height) throws IOException, InterruptedException {
        Path target = png.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Files.deleteIfExists(target);
        run(html, "--screenshot=" + target, "--window-size=" + width + "," + height, "--hide-scrollbars");
        if (!Files.isRegularFile(target)) {
            throw new IOException(executable + " wrote no screenshot to " + target + "; see " + logFile());
        }
        return target;
    }

    /** The DOM of {@code html} as the browser serializes it after parsing (text nodes escape only {@code & < >}). */
    public String dumpDom(Path html) throws IOException, InterruptedException {
        return run(html, "--dump-dom");
    }

    /** Runs the browser on {@code html} with {@link #FLAGS} and {@code options}; returns its standard output. */
    public String run(Path html, String... options) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        Path profile = Files.createTempDirectory(workDir, "chromium-profile");
        Path out = Files.createTempFile(workDir, "chromium", ".out");
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(FLAGS);
        command.add("--user-data-dir=" + profile);
        command.addAll(List.of(options));
        command.add(html.toAbsolutePath().toUri().toString());
        LOG.debug("Running {}", command);
        Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                .start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException(executable + " did not finish within " + timeout.toSeconds() + " s; "
                        + logTail());
            }
            if (process.exitValue() != 0) {
                throw new IOException(executable + " exited with " + process.exitValue() + "; " + logTail());
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            // Chromium forks helpers (zygote, renderer, GPU); none may outlive the test.
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Files.deleteIfExists(out);
            deleteTree(profile);
        }
    }

    /** Where the browser's standard error is appended. */
    public Path logFile() {
        return workDir.resolve("chromium.log");
    }

    private String logTail() {
        try {
            String log = Files.exists(logFile()) ? Files.readString(logFile(), StandardCharsets.UTF_8) : "";
            return "end of " + logFile() + ":\n" + log.substring(Math.max(0, log.length() - LOG_TAIL));
        } catch (IOException e) {
            return "see " + logFile();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
