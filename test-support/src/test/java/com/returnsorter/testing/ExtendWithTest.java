package com.returnsorter.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** The declarative form: the extensions resolve themselves as parameters and share the JVM's emulators. */
@ExtendWith({PubSubEmulator.class, FirestoreEmulator.class})
class ExtendWithTest {

    @Test
    void injectsTheSharedEmulators(PubSubEmulator pubsub, FirestoreEmulator firestore) {
        assertThat(pubsub.host()).isEqualTo(SharedEmulator.obtain(EmulatorKind.PUBSUB).host());
        assertThat(firestore.host()).isEqualTo(SharedEmulator.obtain(EmulatorKind.FIRESTORE).host());
        assertThat(pubsub.host()).isNotEqualTo(firestore.host());
        assertThat(pubsub.source()).isEqualTo(expectedSource(EmulatorKind.PUBSUB));
        assertThat(firestore.source()).isEqualTo(expectedSource(EmulatorKind.FIRESTORE));
    }

    private static EmulatorSource expectedSource(EmulatorKind kind) {
        if (SharedEmulator.givenHost(kind).isPresent()) {
            return EmulatorSource.ENVIRONMENT;
        }
        return DockerEmulators.dockerAvailable() ? EmulatorSource.TESTCONTAINERS : EmulatorSource.GCLOUD;
    }
}
