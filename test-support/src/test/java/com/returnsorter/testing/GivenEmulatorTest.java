package com.returnsorter.testing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** The first way of getting an emulator: an address the environment gives. */
class GivenEmulatorTest {

    @AfterEach
    void forget() {
        System.clearProperty("FIRESTORE_EMULATOR_HOST");
    }

    @Test
    void aSystemPropertyNamesTheEmulator() {
        System.setProperty("FIRESTORE_EMULATOR_HOST", " 127.0.0.1:8765 ");

        assertThat(SharedEmulator.givenHost(EmulatorKind.FIRESTORE)).contains("127.0.0.1:8765");
    }

    @Test
    void aGivenAddressThatAnswersIsAccepted() throws IOException {
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String host = "127.0.0.1:" + listening.getLocalPort();
            assertThatNoException().isThrownBy(
                    () -> SharedEmulator.awaitAnswer(EmulatorKind.PUBSUB, host, Duration.ofSeconds(10)));
        }
    }

    @Test
    void aGivenAddressThatNeverAnswersFailsAndSaysWhichVariable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String host = "127.0.0.1:" + closedPort;

        assertThatThrownBy(() -> SharedEmulator.awaitAnswer(EmulatorKind.PUBSUB, host, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PUBSUB_EMULATOR_HOST=" + host)
                .hasMessageContaining("nothing answers");
    }
}
