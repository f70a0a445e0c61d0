package com.returnsorter.deployment;

import com.returnsorter.testing.ServiceSources;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** Files of the repository the checks compare the deployment with. */
final class Repository {

    private Repository() {
    }

    static Path root() {
        return Path.of(System.getProperty("returnsorter.root", "..")).toAbsolutePath().normalize();
    }

    static String read(String relative) {
        try {
            return Files.readString(root().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + relative, e);
        }
    }

    /** The environment variables a service reads (see {@link ServiceSources#environmentReadBy}). */
    static Set<String> environmentReadBy(String module) {
        return ServiceSources.environmentReadBy(root(), module);
    }

    /** The push subscriptions a service listens on (see {@link ServiceSources#pushSubscriptionsOf}). */
    static Set<String> pushSubscriptionsOf(String module) {
        return ServiceSources.pushSubscriptionsOf(root(), module);
    }
}
