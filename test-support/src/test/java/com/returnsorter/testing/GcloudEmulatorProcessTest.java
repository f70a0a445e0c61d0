package com.returnsorter.testing;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The gcloud launcher path on its own: start, serve, and stop every process it made. */
class GcloudEmulatorProcessTest {

    private static final Path WORK = Path.of("target", "emulators").toAbsolutePath();

    @Test
    void stoppingKillsTheLauncherAndTheEmulatorItStarted() {
        Path gcloud = GcloudEmulatorProcess.findGcloud()
                .orElseThrow(() -> new IllegalStateException(EmulatorKind.PUBSUB.installHint()));
        GcloudEmulatorProcess process = GcloudEmulatorProcess.start(EmulatorKind.PUBSUB, gcloud, "launcher-test",
                WORK, Duration.ofSeconds(90));
        List<ProcessHandle> tree;
        try {
            assertThat(GcloudEmulatorProcess.answers(process.host(), Duration.ofSeconds(5))).isTrue();
            assertThat(process.logText()).contains("Server started");
            tree = Stream.concat(Stream.of(process.handle()), process.handle().descendants()).toList();
            assertThat(tree).as("the launcher and its java child")
                    .anySatisfy(p -> assertThat(p.info().command().orElse("")).endsWith("java"));
        } finally {
            process.close();
        }

        assertThat(tree).noneMatch(ProcessHandle::isAlive);
        assertThat(GcloudEmulatorProcess.answers(process.host(), Duration.ofSeconds(1))).isFalse();
    }

    @Test
    void aLauncherThatFailsReportsItsLog() {
        Path notGcloud = Path.of("/bin/false");
        assertThatThrownBy(() -> GcloudEmulatorProcess.start(EmulatorKind.FIRESTORE, notGcloud, "p", WORK,
                Duration.ofSeconds(30)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited with code 1 before it was ready")
                .hasMessageContaining("emulator.log");
    }

    @Test
    void theMissingEmulatorMessageSaysWhatToInstall() {
        assertThat(EmulatorKind.PUBSUB.installHint())
                .contains("apt-get install google-cloud-cli google-cloud-cli-pubsub-emulator")
                .contains("PUBSUB_EMULATOR_HOST");
        assertThat(EmulatorKind.FIRESTORE.installHint())
                .contains("apt-get install google-cloud-cli google-cloud-cli-firestore-emulator")
                .contains("FIRESTORE_EMULATOR_HOST");
    }
}
