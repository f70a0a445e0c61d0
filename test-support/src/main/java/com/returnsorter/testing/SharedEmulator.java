package com.returnsorter.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One running emulator of a kind per test JVM, and the clients made for it.
 *
 * <p>It is started on first use, registered in the root {@link ExtensionContext.Store} so JUnit closes it after
 * the last test class, and also stopped by a shutdown hook if the JVM ends otherwise. Closing it closes the
 * clients first, then stops the emulator if this JVM started it.
 */
@SuppressWarnings("deprecation") // CloseableResource: only for JUnit before 5.13, which did not close AutoCloseable.
final class SharedEmulator implements AutoCloseable, ExtensionContext.Store.CloseableResource {

    /** System property: seconds to wait for an emulator to start or answer (default 60). */
    static final String TIMEOUT_PROPERTY = "returnsorter.emulator.start-timeout-seconds";
    /** The project the gcloud launcher is told about; the emulators serve every project id anyway. */
    static final String LAUNCH_PROJECT = "return-sorter-test";

    private static final Logger LOG = LoggerFactory.getLogger(SharedEmulator.class);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedEmulator.class);
    private static final Map<EmulatorKind, SharedEmulator> RUNNING = new EnumMap<>(EmulatorKind.class);

    private final EmulatorKind kind;
    private final String host;
    private final EmulatorSource source;
    private final AutoCloseable owned;
    private final Map<String, AutoCloseable> resources = new LinkedHashMap<>();
    private final Thread shutdownHook;
    private boolean closed;

    private SharedEmulator(EmulatorKind kind, String host, EmulatorSource source, AutoCloseable owned) {
        this.kind = kind;
        this.host = host;
        this.source = source;
        this.owned = owned;
        this.shutdownHook = new Thread(this::close, "stop-" + kind.id() + "-emulator");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** The emulator of this kind, started if needed, and registered for closing with the run's root context. */
    static SharedEmulator obtain(EmulatorKind kind, ExtensionContext context) {
        SharedEmulator emulator = obtain(kind);
        context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(kind, k -> emulator);
        return emulator;
    }

    /** The emulator of this kind, started if needed (for use before any extension callback has run). */
    static synchronized SharedEmulator obtain(EmulatorKind kind) {
        SharedEmulator emulator = RUNNING.get(kind);
        if (emulator == null || emulator.isClosed()) {
            emulator = start(kind);
            RUNNING.put(kind, emulator);
        }
        return emulator;
    }

    private static SharedEmulator start(EmulatorKind kind) {
        Duration timeout = Duration.ofSeconds(Long.getLong(TIMEOUT_PROPERTY, 60));
        long began = System.nanoTime();
        SharedEmulator emulator;
        Optional<String> given = givenHost(kind);
        if (given.isPresent()) {
            awaitAnswer(kind, given.get(), timeout);
            emulator = new SharedEmulator(kind, given.get(), EmulatorSource.ENVIRONMENT, null);
        } else if (DockerEmulators.dockerAvailable()) {
            DockerEmulators.Started started = DockerEmulators.start(kind);
            emulator = new SharedEmulator(kind, started.host(), EmulatorSource.TESTCONTAINERS, started.stopper());
        } else {
            Path gcloud = GcloudEmulatorProcess.findGcloud()
                    .orElseThrow(() -> new IllegalStateException(kind.installHint()));
            Path workDir = Path.of(System.getProperty("user.dir"), "target", "emulators");
            GcloudEmulatorProcess process = GcloudEmulatorProcess.start(kind, gcloud, LAUNCH_PROJECT, workDir, timeout);
            emulator = new SharedEmulator(kind, process.host(), EmulatorSource.GCLOUD, process);
        }
        LOG.info("{} emulator at {} ({}, ready after {} ms)", kind.displayName(), emulator.host, emulator.source,
                Duration.ofNanos(System.nanoTime() - began).toMillis());
        return emulator;
    }

    /** The address from the system property or else the environment variable of the emulator's name. */
    static Optional<String> givenHost(EmulatorKind kind) {
        String value = System.getProperty(kind.hostVariable());
        if (value == null || value.isBlank()) {
            value = System.getenv(kind.hostVariable());
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    static void awaitAnswer(EmulatorKind kind, String host, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!GcloudEmulatorProcess.answers(host, Duration.ofSeconds(1))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(kind.hostVariable() + "=" + host + " is set, but nothing answers "
                        + "there within " + timeout.toSeconds() + " s. Start the " + kind.displayName()
                        + " emulator there, or unset " + kind.hostVariable() + " to let the tests start one.");
            }
            GcloudEmulatorProcess.sleep(Duration.ofMillis(200));
        }
    }

    String host() {
        return host;
    }

    EmulatorSource source() {
        return source;
    }

    /**
     * A client or other resource tied to this emulator, made on first request and closed with it.
     */
    <T extends AutoCloseable> T resource(String key, Class<T> type, Supplier<T> factory) {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("The " + kind.displayName() + " emulator has been stopped");
            }
            AutoCloseable existing = resources.get(key);
            if (existing == null) {
                existing = factory.get();
                resources.put(key, existing);
            }
            return type.cast(existing);
        }
    }

    synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        List<AutoCloseable> toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(resources.values());
            Collections.reverse(toClose);
            resources.clear();
        }
        if (owned != null) {
            toClose.add(owned);
        }
        for (AutoCloseable closeable : toClose) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("Could not close {} of the {} emulator", closeable, kind.displayName(), e);
            }
        }
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // The JVM is shutting down already; the hook has nothing left to do.
            }
        }
        synchronized (SharedEmulator.class) {
            RUNNING.remove(kind, this);
        }
        if (owned != null) {
            LOG.info("{} emulator at {} stopped", kind.displayName(), host);
        }
    }
}
