package com.returnsorter.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a service module's sources say it reads, for comparing with what the deployment gives it: the
 * environment variables (application.yml and logback.xml placeholders, {@code System.getenv}) and the
 * Pub/Sub push subscriptions it listens on ({@code @PushSubscription}). Read from the sources, not the
 * jar, so a check names the file to change.
 */
public final class ServiceSources {

    /**
     * Variables Micronaut itself reads in every service: {@code MICRONAUT_ENVIRONMENTS} names the environment
     * ({@code gcp} on Cloud Run, set by terraform; {@code local} by run-local).
     */
    public static final Set<String> FRAMEWORK = Set.of("MICRONAUT_ENVIRONMENTS");

    /** Libraries every service may read configuration through (their own sources, not an application.yml). */
    public static final Set<String> LIBRARIES = Set.of("inference", "storage", "events", "service-support", "run-reports");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::-?|})");
    private static final Pattern GETENV = Pattern.compile("System\\.getenv\\(\"([A-Z][A-Z0-9_]*)\"\\)");
    /** {@code @PushSubscription("name")}, {@code @PushSubscription(Topics.NAME)}, {@code @PushSubscription(value = ...)}. */
    private static final Pattern PUSH_SUBSCRIPTION = Pattern.compile(
            "@PushSubscription\\(\\s*(?:value\\s*=\\s*)?(\"[^\"]*\"|[A-Za-z_][\\w.]*)");

    private ServiceSources() {
    }

    /**
     * The environment variables a service reads: the {@code ${NAME:default}} placeholders of its
     * application.yml, the {@code ${NAME:-default}} ones of its logback.xml, and any
     * {@code System.getenv("NAME")} in its own or the libraries' main sources, and Micronaut's own
     * ({@link #FRAMEWORK}).
     */
    public static Set<String> environmentReadBy(Path root, String module) {
        Set<String> names = new TreeSet<>(FRAMEWORK);
        for (String resource : new String[] {"application.yml", "logback.xml"}) {
            Path file = root.resolve(module).resolve("src/main/resources").resolve(resource);
            if (Files.isRegularFile(file)) {
                Matcher placeholder = PLACEHOLDER.matcher(read(file));
                while (placeholder.find()) {
                    names.add(placeholder.group(1));
                }
            }
        }
        for (Path file : javaSources(root, module)) {
            Matcher m = GETENV.matcher(read(file));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /**
     * The subscription names a service's {@code @PushSubscription} methods listen on, with constants
     * ({@code Topics.BATCH_TRIGGER}) resolved from the class of that name in the module or the libraries.
     *
     * @throws IllegalStateException when a constant cannot be resolved to a string literal
     */
    public static Set<String> pushSubscriptionsOf(Path root, String module) {
        Set<String> names = new TreeSet<>();
        List<Path> sources = javaSources(root, module);
        for (Path file : sources) {
            if (!file.startsWith(root.resolve(module))) {
                continue; // a library declares no listener of its own
            }
            Matcher m = PUSH_SUBSCRIPTION.matcher(read(file));
            while (m.find()) {
                String value = m.group(1);
                names.add(value.startsWith("\"") ? value.substring(1, value.length() - 1) : constant(sources, value, file));
            }
        }
        return names;
    }

    /** The string literal of {@code Class.NAME} (or a bare {@code NAME} of the annotating class). */
    private static String constant(List<Path> sources, String reference, Path usedIn) {
        int dot = reference.lastIndexOf('.');
        String owner = dot < 0 ? usedIn.getFileName().toString().replace(".java", "") : reference.substring(0, dot);
        String simpleOwner = owner.substring(owner.lastIndexOf('.') + 1);
        String name = reference.substring(dot + 1);
        Pattern declaration = Pattern.compile("\\b" + Pattern.quote(name) + "\\s*=\\s*\"([^\"]*)\"");
        for (Path file : sources) {
            if (file.getFileName().toString().equals(simpleOwner + ".java")) {
                Matcher m = declaration.matcher(read(file));
                if (m.find()) {
                    return m.group(1);
                }
            }
        }
        throw new IllegalStateException("@PushSubscription(" + reference + ") in " + usedIn
                + ": no string constant " + name + " in a class " + simpleOwner + " of the module or the libraries");
    }

    private static List<Path> javaSources(Path root, String module) {
        List<Path> files = new ArrayList<>();
        for (String source : Stream.concat(Stream.of(module), LIBRARIES.stream()).toList()) {
            Path sources = root.resolve(source).resolve("src/main/java");
            if (!Files.isDirectory(sources)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(sources)) {
                walk.filter(f -> f.toString().endsWith(".java")).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
