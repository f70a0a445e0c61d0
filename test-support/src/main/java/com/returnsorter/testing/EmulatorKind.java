package com.returnsorter.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What differs between the emulators: variable, launcher arguments, readiness line and install hint. */
enum EmulatorKind {

    PUBSUB("Pub/Sub", "pubsub", "PUBSUB_EMULATOR_HOST", "Server started, listening on",
            "google-cloud-cli-pubsub-emulator") {
        @Override
        List<String> gcloudArguments(String hostPort, String projectId, Path dataDir) {
            return List.of("beta", "emulators", "pubsub", "start",
                    "--host-port=" + hostPort, "--project=" + projectId, "--data-dir=" + dataDir);
        }
    },

    FIRESTORE("Firestore", "firestore", "FIRESTORE_EMULATOR_HOST", "Dev App Server is now running",
            "google-cloud-cli-firestore-emulator") {
        @Override
        List<String> gcloudArguments(String hostPort, String projectId, Path dataDir) {
            // The Firestore launcher has no data directory: its state lives in memory.
            return List.of("emulators", "firestore", "start",
                    "--host-port=" + hostPort, "--project=" + projectId);
        }
    };

    private final String displayName;
    private final String id;
    private final String hostVariable;
    private final String readyLine;
    private final String debianPackage;

    EmulatorKind(String displayName, String id, String hostVariable, String readyLine, String debianPackage) {
        this.displayName = displayName;
        this.id = id;
        this.hostVariable = hostVariable;
        this.readyLine = readyLine;
        this.debianPackage = debianPackage;
    }

    abstract List<String> gcloudArguments(String hostPort, String projectId, Path dataDir);

    List<String> gcloudCommand(Path gcloud, String hostPort, String projectId, Path dataDir) {
        List<String> command = new ArrayList<>();
        command.add(gcloud.toString());
        command.addAll(gcloudArguments(hostPort, projectId, dataDir));
        command.add("--quiet");
        return command;
    }

    String displayName() {
        return displayName;
    }

    String id() {
        return id;
    }

    /** The environment variable (and system property) that names a running emulator. */
    String hostVariable() {
        return hostVariable;
    }

    /** A line the emulator logs once it serves requests. */
    String readyLine() {
        return readyLine;
    }

    String installHint() {
        return "No " + displayName + " emulator is available for the tests: " + hostVariable + " is not set, "
                + "no Docker engine answers, and `gcloud` is not on the PATH. Install the Google Cloud CLI with "
                + "its emulator (Debian/Ubuntu, from Google's apt repository: "
                + "`apt-get install google-cloud-cli " + debianPackage + "`; the emulators need a Java 17+ JRE), "
                + "start Docker, or set " + hostVariable + "=host:port to an emulator that is already running.";
    }
}
