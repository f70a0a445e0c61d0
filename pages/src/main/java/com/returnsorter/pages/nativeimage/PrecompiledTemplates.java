package com.returnsorter.pages.nativeimage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Finds the template classes jte-maven-plugin generated (package {@value #PACKAGE}) on a class path, so that a
 * native image can register them: jte loads a precompiled template by name and calls its {@code render} and
 * {@code renderMap} methods by reflection.
 */
public final class PrecompiledTemplates {

    /** Where {@code TemplateEngine.createPrecompiled} looks for templates. */
    public static final String PACKAGE = "gg.jte.generated.precompiled";

    private static final String PREFIX = PACKAGE.replace('.', '/') + "/";

    private PrecompiledTemplates() {
    }

    /** The binary names of the generated template classes in the directories and jars of {@code classPath}, sorted. */
    public static List<String> classNames(List<Path> classPath) {
        TreeSet<String> names = new TreeSet<>();
        for (Path entry : classPath) {
            if (Files.isDirectory(entry)) {
                Path root = entry.resolve(PREFIX);
                if (Files.isDirectory(root)) {
                    try (Stream<Path> files = Files.walk(root)) {
                        files.map(file -> entry.relativize(file).toString().replace('\\', '/')).forEach(path -> add(path, names));
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot list " + root, e);
                    }
                }
            } else if (Files.isRegularFile(entry) && entry.toString().endsWith(".jar")) {
                try (JarFile jar = new JarFile(entry.toFile())) {
                    for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                        add(entries.nextElement().getName(), names);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + entry, e);
                }
            }
        }
        return List.copyOf(names);
    }

    private static void add(String path, TreeSet<String> names) {
        // Top-level classes only: a template is one class, and its lambdas need no registration.
        if (path.startsWith(PREFIX) && path.endsWith(".class") && !path.contains("$")) {
            names.add(path.substring(0, path.length() - ".class".length()).replace('/', '.'));
        }
    }
}
