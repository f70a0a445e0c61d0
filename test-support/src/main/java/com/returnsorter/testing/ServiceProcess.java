package com.returnsorter.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One of this project's services started as its own process from its packaged (shaded) jar, as Cloud
 * Run starts it: {@code java @<module>/jvm.options -jar <module>/target/<module>-<version>.jar}, configured
 * by environment variables only, on its own port, its output in a log file.
 *
 * <pre>{@code
 * ServiceProcess predict = ServiceProcess.ofModule(root, "predict-function", version)
 *         .port(ServiceProcess.freePort())
 *         .env("PREDICT_API_KEYS", "batch:" + key + ":internal")
 *         .log(target.resolve("predict.log"))
 *         .start();                      // waits until GET /health answers 200
 * }</pre>
 *
 * <p>The command line stays short on purpose: ONNX Runtime 1.29 crashes (SIGSEGV, no hs_err file) when
 * {@code /proc/self/cmdline} is long, which a long {@code -cp} makes it. Hence {@code -jar} and the JVM
 * options as an {@code @argfile}.
 *
 * <p>{@link #launch()} and {@link #awaitReady()} start several services at once; {@link #close()} stops
 * the process with SIGTERM (Micronaut shuts down gracefully) and kills it if it does not exit in time. A
 * JVM shutdown hook kills a process that was never closed.
 */
public final class ServiceProcess implements AutoCloseable {

    /** What {@link Builder#cleanEnvironment()} keeps of this JVM's environment. */
    private static final Set<String> BASIC_ENVIRONMENT = Set.of("PATH", "HOME", "USER", "LANG", "LC_ALL", "TZ",
            "TMPDIR", "JAVA_HOME");
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    private static final int TAIL_LINES = 40;

    private final String name;
    private final Process process;
    private final URI url;
    private final Path log;
    private final String readyPath;
    private final Duration startTimeout;
    private final Thread shutdownHook;

    private ServiceProcess(String name, Process process, URI url, Path log, String readyPath, Duration startTimeout) {
        this.name = name;
        this.process = process;
        this.url = url;
        this.log = log;
        this.readyPath = readyPath;
        this.startTimeout = startTimeout;
        this.shutdownHook = new Thread(process::destroyForcibly, "stop-" + name);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** A launcher for the jar at {@code jar}. */
    public static Builder builder(String name, Path jar) {
        return new Builder(name, jar);
    }

    /**
     * A launcher for a module of this reactor: its shaded jar {@code <root>/<module>/target/<module>-<version>.jar}
     * and, when the module has one, its {@code jvm.options}. The log defaults to
     * {@code <root>/<module>/target/<module>-process.log}.
     *
     * @throws IllegalStateException when the jar has not been built
     */
    public static Builder ofModule(Path root, String module, String version) {
        Path jar = moduleJar(root, module, version);
        Builder builder = new Builder(module, jar).log(root.resolve(module).resolve("target").resolve(module + "-process.log"));
        Path options = root.resolve(module).resolve("jvm.options");
        if (Files.isRegularFile(options)) {
            builder.jvmOptions(options);
        }
        return builder;
    }

    /**
     * {@code <root>/<module>/target/<module>-<version>.jar}.
     *
     * @throws IllegalStateException when it is not there, saying how to build it
     */
    public static Path moduleJar(Path root, String module, String version) {
        Path jar = root.resolve(module).resolve("target").resolve(module + "-" + version + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(module + "'s jar is missing: " + jar + "; build the reactor from its root "
                    + "(./mvnw verify, or ./mvnw -DskipTests -pl " + module + " -am package) so it is packaged first");
        }
        return jar;
    }

    /** A port that was free a moment ago on the loopback interface. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    public String name() {
        return name;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI url() {
        return url;
    }

    public int port() {
        return url.getPort();
    }

    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits until {@code GET <readyPath>} answers 200, the process exits or the start timeout passes.
     *
     * @return this
     * @throws IllegalStateException when the process exited or did not become ready, with the tail of its log
     */
    public ServiceProcess awaitReady() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(url.resolve(readyPath)).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + startTimeout.toNanos();
        int lastStatus = -1;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with status " + process.exitValue()
                        + " before " + readyPath + " answered 200; the end of " + log + ":\n" + tail());
            }
            try {
                lastStatus = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (lastStatus == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            sleep(POLL);
        }
        close();
        throw new IllegalStateException(name + " did not answer " + readyPath + " with 200 within "
                + startTimeout.toSeconds() + " s (last answer: " + (lastStatus < 0 ? "none" : lastStatus)
                + "); the end of " + log + ":\n" + tail());
    }

    /**
     * Waits for the process to end by itself, for tests of a service that must refuse to start.
     *
     * @return its exit status, or empty if it was still running after {@code timeout} (it is then stopped)
     */
    public java.util.OptionalInt awaitExit(Duration timeout) {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return java.util.OptionalInt.of(process.exitValue());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
        return java.util.OptionalInt.empty();
    }

    /** The last lines of the log; never throws (a message instead), so it can go into any failure message. */
    public String tail() {
        return tail(TAIL_LINES);
    }

    /** The last {@code lines} lines of the log; never throws. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(could not read " + log + ": " + e + ")";
        }
    }

    /** SIGTERM, then SIGKILL if it has not exited within 15 s. Idempotent. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    @Override
    public String toString() {
        return name + "[pid " + process.pid() + ", " + url + "]";
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** How to start one service. */
    public static final class Builder {

        private final String name;
        private final Path jar;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<String> jvmArguments = new ArrayList<>();
        private Path jvmOptions;
        private boolean cleanEnvironment;
        private Integer port;
        private Path log;
        private String readyPath = "/health";
        private Duration startTimeout = Duration.ofSeconds(90);

        private Builder(String name, Path jar) {
            this.name = Objects.requireNonNull(name, "name");
            this.jar = Objects.requireNonNull(jar, "jar");
        }

        /** A file of JVM options, passed as {@code @file} before {@code -jar}. */
        public Builder jvmOptions(Path file) {
            this.jvmOptions = file;
            return this;
        }

        /** One more JVM argument before {@code -jar} (after the options file); keep the command line short. */
        public Builder jvmArgument(String argument) {
            this.jvmArguments.add(argument);
            return this;
        }

        /** Sets an environment variable of the process. */
        public Builder env(String variable, String value) {
            this.environment.put(variable, Objects.requireNonNull(value, variable));
            return this;
        }

        public Builder env(Map<String, String> variables) {
            variables.forEach(this::env);
            return this;
        }

        /**
         * Starts the process with only the basic variables of this JVM's environment ({@code PATH}, {@code HOME},
         * {@code LANG}, …) and those set here, so a developer's {@code GOOGLE_APPLICATION_CREDENTIALS},
         * {@code MICRONAUT_ENVIRONMENTS} or emulator variables cannot change what a test sees. By default the
         * whole environment is inherited, as {@link ProcessBuilder} does.
         */
        public Builder cleanEnvironment() {
            this.cleanEnvironment = true;
            return this;
        }

        /** The port, given to the service as {@code PORT}; by default a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Where stdout and stderr go (created, or truncated). */
        public Builder log(Path log) {
            this.log = log;
            return this;
        }

        /** The path that answers 200 once the service is ready; {@code /health} by default. */
        public Builder readyPath(String path) {
            this.readyPath = path;
            return this;
        }

        /** How long {@link ServiceProcess#awaitReady()} waits; 90 s by default. */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /** Starts the process and waits until it is ready. */
        public ServiceProcess start() {
            return launch().awaitReady();
        }

        /** Starts the process without waiting; call {@link ServiceProcess#awaitReady()} before using it. */
        public ServiceProcess launch() {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(name + "'s jar is missing: " + jar);
            }
            if (jvmOptions != null && !Files.isRegularFile(jvmOptions)) {
                throw new IllegalStateException(name + "'s JVM options file is missing: " + jvmOptions);
            }
            int actualPort = port != null ? port : freePort();
            Path actualLog = log != null ? log : Path.of(System.getProperty("java.io.tmpdir"), name + "-" + actualPort + ".log");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            if (jvmOptions != null) {
                command.add("@" + jvmOptions);
            }
            command.addAll(jvmArguments);
            command.add("-jar");
            command.add(jar.toString());
            ProcessBuilder builder = new ProcessBuilder(command);
            if (cleanEnvironment) {
                builder.environment().keySet().retainAll(BASIC_ENVIRONMENT);
            }
            builder.environment().putAll(environment);
            builder.environment().put("PORT", String.valueOf(actualPort));
            try {
                Files.createDirectories(actualLog.toAbsolutePath().getParent());
                builder.redirectErrorStream(true).redirectOutput(actualLog.toFile());
                Process process = builder.start();
                return new ServiceProcess(name, process, URI.create("http://127.0.0.1:" + actualPort), actualLog,
                        readyPath, startTimeout);
            } catch (IOException e) {
                throw new UncheckedIOException("could not start " + name + ": " + String.join(" ", command), e);
            }
        }
    }
}
