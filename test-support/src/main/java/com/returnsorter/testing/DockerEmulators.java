package com.returnsorter.testing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.FirestoreEmulatorContainer;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.PubSubEmulatorContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The Testcontainers path. Only touched through {@link #dockerAvailable()} first, so a machine without Docker
 * (or without Testcontainers on the class path) falls through to the next way of getting an emulator.
 */
final class DockerEmulators {

    /** The image of the Google Cloud CLI release the project's machines have installed. */
    static final String IMAGE = "gcr.io/google.com/cloudsdktool/google-cloud-cli:528.0.0-emulators";
    /** System property that names another image with the same layout. */
    static final String IMAGE_PROPERTY = "returnsorter.emulator.image";

    private static final Logger LOG = LoggerFactory.getLogger(DockerEmulators.class);

    private DockerEmulators() {
    }

    /** A started container and its {@code host:port}. */
    record Started(String host, AutoCloseable stopper) {
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("Testcontainers cannot reach a Docker engine", e);
            return false;
        }
    }

    static Started start(EmulatorKind kind) {
        DockerImageName image = DockerImageName.parse(System.getProperty(IMAGE_PROPERTY, IMAGE))
                .asCompatibleSubstituteFor("gcr.io/google.com/cloudsdktool/google-cloud-cli");
        return switch (kind) {
            case PUBSUB -> {
                PubSubEmulatorContainer container = new PubSubEmulatorContainer(image);
                container.start();
                yield new Started(container.getEmulatorEndpoint(), stopper(container));
            }
            case FIRESTORE -> {
                FirestoreEmulatorContainer container = new FirestoreEmulatorContainer(image);
                container.start();
                yield new Started(container.getEmulatorEndpoint(), stopper(container));
            }
        };
    }

    private static AutoCloseable stopper(GenericContainer<?> container) {
        return container::stop;
    }
}
