package com.returnsorter.testing;

import com.google.cloud.NoCredentials;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/**
 * The real Firestore emulator (native mode) for tests, one per test JVM, with a client for it.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final FirestoreEmulator FIRESTORE = new FirestoreEmulator();
 * }</pre>
 *
 * or {@code @ExtendWith(FirestoreEmulator.class)} with a {@code FirestoreEmulator} parameter. The emulator is, in
 * order: the one named by {@code FIRESTORE_EMULATOR_HOST} (system property, then environment variable); a
 * Testcontainers container when a Docker engine answers; one started with {@code gcloud emulators firestore
 * start}. If none can be had the test fails, saying what to install. It is stopped after the last test.
 * Every accessor starts the emulator if no callback has yet.
 */
public final class FirestoreEmulator implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    /** The project id used unless another is given. */
    public static final String DEFAULT_PROJECT_ID = "return-sorter-test";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String projectId;

    /** Uses {@link #DEFAULT_PROJECT_ID}. */
    public FirestoreEmulator() {
        this(DEFAULT_PROJECT_ID);
    }

    /** Uses the given project id; the emulator keeps one database per project. */
    public FirestoreEmulator(String projectId) {
        this.projectId = Objects.requireNonNull(projectId, "projectId");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        SharedEmulator.obtain(EmulatorKind.FIRESTORE, context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        SharedEmulator.obtain(EmulatorKind.FIRESTORE, context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == FirestoreEmulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        SharedEmulator.obtain(EmulatorKind.FIRESTORE, extensionContext);
        return this;
    }

    /** {@code host:port} of the emulator, as {@code FIRESTORE_EMULATOR_HOST} wants it. */
    public String host() {
        return emulator().host();
    }

    /** The project the helpers work in. */
    public String projectId() {
        return projectId;
    }

    /** Where the emulator came from. */
    public EmulatorSource source() {
        return emulator().source();
    }

    /**
     * A client for this project on the emulator, with no credentials. It is shared by the test JVM and closed
     * with the emulator: do not close it.
     */
    public Firestore firestore() {
        SharedEmulator emulator = emulator();
        return emulator.resource("firestore:" + projectId, Firestore.class,
                () -> options(emulator.host()).getService());
    }

    /**
     * Client options for this project on the emulator, for code under test that builds its own client.
     * With {@link NoCredentials} the client dials {@code getHost()} in plaintext, so the host is set as well
     * as the emulator host (the emulator host alone leaves {@code firestore.googleapis.com} as the host).
     */
    public FirestoreOptions options() {
        return options(host());
    }

    private FirestoreOptions options(String host) {
        return FirestoreOptions.newBuilder()
                .setProjectId(projectId)
                .setEmulatorHost(host)
                .setHost(host)
                .setCredentials(NoCredentials.getInstance())
                .build();
    }

    /** Deletes every document of the project's default database, through the emulator's own reset endpoint. */
    public void clear() {
        URI uri = URI.create("http://" + host() + "/emulator/v1/projects/" + projectId
                + "/databases/(default)/documents");
        HttpRequest request = HttpRequest.newBuilder(uri).DELETE().timeout(Duration.ofSeconds(30)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("DELETE " + uri + " answered " + response.statusCode() + ": "
                        + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("DELETE " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while clearing the Firestore emulator", e);
        }
    }

    private SharedEmulator emulator() {
        return SharedEmulator.obtain(EmulatorKind.FIRESTORE);
    }

    @Override
    public String toString() {
        return "FirestoreEmulator[project=" + projectId + "]";
    }
}
