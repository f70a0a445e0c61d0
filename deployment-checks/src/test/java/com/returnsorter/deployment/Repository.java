package com.returnsorter.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Files of the repository the checks compare the deployment with. */
final class Repository {

    /** Libraries every service may read configuration through (their own sources, not an application.yml). */
    private static final Set<String> LIBRARIES = Set.of("inference", "storage", "events", "service-support", "run-reports");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::-?|})");
    private static final Pattern GETENV = Pattern.compile("System\\.getenv\\(\"([A-Z][A-Z0-9_]*)\"\\)");

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

    /**
     * The environment variables a service reads: the {@code ${NAME:default}} placeholders of its
     * application.yml, the {@code ${NAME:-default}} ones of its logback.xml, and any
     * {@code System.getenv("NAME")} in its own or the libraries' main sources.
     */
    static Set<String> environmentReadBy(String module) {
        Set<String> names = new TreeSet<>();
        for (String resource : new String[] {"application.yml", "logback.xml"}) {
            Path file = root().resolve(module).resolve("src/main/resources").resolve(resource);
            if (Files.isRegularFile(file)) {
                Matcher placeholder = PLACEHOLDER.matcher(read(root().relativize(file).toString()));
                while (placeholder.find()) {
                    names.add(placeholder.group(1));
                }
            }
        }
        for (String source : Stream.concat(Stream.of(module), LIBRARIES.stream()).toList()) {
            Path sources = root().resolve(source).resolve("src/main/java");
            if (!Files.isDirectory(sources)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(sources)) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                    try {
                        Matcher m = GETENV.matcher(Files.readString(f));
                        while (m.find()) {
                            names.add(m.group(1));
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }
}
