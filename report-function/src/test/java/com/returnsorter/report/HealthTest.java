package com.returnsorter.report;

import com.returnsorter.report.support.ReportService;
import com.returnsorter.report.support.TcpProxy;
import com.returnsorter.report.support.TestClock;
import com.returnsorter.testing.FirestoreEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import io.micronaut.http.HttpResponse;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /health}, {@code /health/readiness} and {@code /health/liveness} of the report service with
 * its history in the Firestore emulator behind a proxy that can be cut, and a local bucket that can be
 * made unreadable: readiness says DOWN (503) and why while a dependency does not answer; liveness stays UP.
 */
class HealthTest {

    @RegisterExtension
    static final FirestoreEmulator FIRESTORE = new FirestoreEmulator();

    @TempDir
    Path folder;

    TcpProxy firestore;
    ReportService service;
    Path bucket;

    @BeforeEach
    void start() throws Exception {
        bucket = Files.createDirectories(folder.resolve("bucket"));
        firestore = new TcpProxy(FIRESTORE.host());
        service = ReportService.start(bucket, new TestClock(Instant.parse("2026-11-22T03:00:00Z")), Map.of(
                "history.kind", "firestore",
                "history.firestore-emulator-host", firestore.address(),
                "history.timeout", "2s",
                "gcp.project-id", FIRESTORE.projectId()));
    }

    @AfterEach
    void stop() {
        service.close();
        firestore.close();
    }

    /** The answer once it is {@code status}; the first call of a new Firestore client may take a while. */
    private HttpResponse<String> await(ReportService report, String path, int status) throws InterruptedException {
        HttpResponse<String> answer = report.get(path);
        Instant deadline = Instant.now().plusSeconds(30);
        while (answer.getStatus().getCode() != status && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            answer = report.get(path);
        }
        return answer;
    }

    @Test
    void upWhileTheHistoryAndTheBucketAnswer() throws Exception {
        var health = await(service, "/health", 200);
        assertThat(health.getStatus().getCode()).as(health.body()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"", "\"history\"", "\"objectStore\"",
                "firestore:" + FIRESTORE.projectId());
        assertThat(service.get("/health/readiness").getStatus().getCode()).isEqualTo(200);
        assertThat(service.get("/health/liveness").getStatus().getCode()).isEqualTo(200);
    }

    @Test
    void firestoreUnreachableMakesHealthAndReadinessDownButNotLiveness() throws Exception {
        assertThat(await(service, "/health/readiness", 200).getStatus().getCode()).isEqualTo(200);
        firestore.down();

        var health = service.get("/health");
        assertThat(health.getStatus().getCode()).as(health.body()).isEqualTo(503);
        assertThat(health.body()).contains("\"status\":\"DOWN\"", "\"history\"");
        var readiness = service.get("/health/readiness");
        assertThat(readiness.getStatus().getCode()).isEqualTo(503);
        assertThat(readiness.body()).contains("\"error\"");
        assertThat(service.get("/health/liveness").getStatus().getCode()).as("no reason to restart").isEqualTo(200);

        firestore.up();
        assertThat(await(service, "/health/readiness", 200).getStatus().getCode()).as("ready again").isEqualTo(200);
    }

    @Test
    void anUnreachableBucketMakesReadinessDown() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Storage unreachable = StorageOptions.newBuilder().setProjectId(FIRESTORE.projectId())
                .setHost("http://127.0.0.1:" + closedPort).setCredentials(NoCredentials.getInstance()).build().getService();
        try (ReportService gcs = ReportService.start(bucket, new TestClock(Instant.parse("2026-11-22T03:00:00Z")),
                Map.of("history.kind", "firestore",
                        "history.firestore-emulator-host", FIRESTORE.host(),
                        "gcp.project-id", FIRESTORE.projectId(),
                        "storage.kind", "gcs",
                        "storage.bucket", "returns"), unreachable)) {
            var readiness = gcs.get("/health/readiness");
            assertThat(readiness.getStatus().getCode()).as(readiness.body()).isEqualTo(503);
            assertThat(readiness.body()).contains("\"objectStore\"", "gs://returns", "DOWN");
            assertThat(gcs.get("/health").getStatus().getCode()).isEqualTo(503);
            assertThat(gcs.get("/health/liveness").getStatus().getCode()).isEqualTo(200);
        }
    }
}
