package com.returnsorter.testing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An emulator started with the Google Cloud CLI launcher. The launcher is a Python wrapper that starts a
 * Java child (through a shell script for Firestore), so stopping kills the whole process tree.
 */
final class GcloudEmulatorProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GcloudEmulatorProcess.class);
    private static final int ATTEMPTS = 3;
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final int LOG_TAIL_CHARS = 6000;

    private final Process process;
    private final String host;
    private final Path log;

    private GcloudEmulatorProcess(Process process, String host, Path log) {
        this.process = process;
        this.host = host;
        this.log = log;
    }

    /** The {@code gcloud} executable on the PATH, if there is one. */
    static Optional<Path> findGcloud() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir, "gcloud");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Starts the emulator on a free loopback port and waits until it logs that it serves and its port answers.
     * A start that dies because the port was taken meanwhile is retried on another port.
     */
    static GcloudEmulatorProcess start(EmulatorKind kind, Path gcloud, String projectId, Path workDir,
                                       Duration timeout) {
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            int port = freePort();
            String hostPort = "127.0.0.1:" + port;
            Path dir = workDir.resolve(kind.id() + "-" + port);
            Path dataDir = dir.resolve("data");
            Path log = dir.resolve("emulator.log");
            List<String> command = kind.gcloudCommand(gcloud, hostPort, projectId, dataDir);
            Process process;
            try {
                Files.createDirectories(dataDir);
                ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
                builder.environment().put("CLOUDSDK_CORE_DISABLE_PROMPTS", "1");
                builder.environment().remove(kind.hostVariable());
                process = builder.start();
                process.getOutputStream().close();
            } catch (IOException e) {
                throw new IllegalStateException("Could not run " + String.join(" ", command), e);
            }
            GcloudEmulatorProcess started = new GcloudEmulatorProcess(process, hostPort, log);
            LOG.debug("Started {} (pid {}), log in {}", String.join(" ", command), process.pid(), log);
            try {
                started.awaitReady(kind, timeout);
                return started;
            } catch (IllegalStateException e) {
                started.close();
                last = e;
                if (!started.logText().contains("already in use") && !started.logText().contains("BindException")) {
                    throw e;
                }
                LOG.info("{} emulator could not bind {}; trying another port", kind.displayName(), hostPort);
            }
        }
        throw last;
    }

    private void awaitReady(EmulatorKind kind, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (logText().contains(kind.readyLine()) && answers(host, Duration.ofSeconds(1))) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(kind.displayName() + " emulator exited with code "
                        + process.exitValue() + " before it was ready. Its log (" + log + "):\n" + logTail());
            }
            sleep(POLL);
        }
        throw new IllegalStateException(kind.displayName() + " emulator did not report ready within "
                + timeout.toSeconds() + " s. Its log (" + log + "):\n" + logTail());
    }

    String host() {
        return host;
    }

    /** The launcher process; the emulator runs among its descendants. */
    ProcessHandle handle() {
        return process.toHandle();
    }

    Path log() {
        return log;
    }

    /** Kills the launcher and every process it started, children first. Safe to call twice. */
    @Override
    public void close() {
        ProcessHandle root = process.toHandle();
        // Snapshot before killing anything: an orphaned child is no longer a descendant of the launcher.
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        Collections.reverse(tree);
        tree.add(root);
        tree.forEach(ProcessHandle::destroy);
        List<CompletableFuture<ProcessHandle>> exits = tree.stream().map(ProcessHandle::onExit).toList();
        try {
            CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new))
                    .get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        } catch (InterruptedException e) {
            tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            Thread.currentThread().interrupt();
        }
    }

    String logText() {
        try {
            // Decoded leniently: the emulator may be half-way through writing a character.
            return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the emulator log " + log, e);
        }
    }

    private String logTail() {
        String text = logText();
        return text.length() <= LOG_TAIL_CHARS ? text : "..." + text.substring(text.length() - LOG_TAIL_CHARS);
    }

    /** Whether a TCP connection to {@code host:port} is accepted within {@code timeout}. */
    static boolean answers(String hostPort, Duration timeout) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            return false;
        }
        String hostName = hostPort.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            return false;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostName, port), (int) timeout.toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for an emulator", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free local port for an emulator", e);
        }
    }
}
