package com.returnsorter.predict;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The committed sample returns and their true labels. */
final class TestData {

    private TestData() {
    }

    static Path root() {
        String root = System.getProperty("returnsorter.root");
        return root != null ? Path.of(root) : Path.of("..").toAbsolutePath().normalize();
    }

    static Path samples() {
        return root().resolve("samples/returns");
    }

    /** A labelled sample photo. */
    record Sample(String filename, String label, Path path) {
        byte[] bytes() {
            try {
                return Files.readAllBytes(path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static List<Sample> samplesManifest() {
        try {
            List<String> lines = Files.readAllLines(root().resolve("samples/returns-manifest.csv"));
            List<Sample> samples = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] columns = line.split(",");
                samples.add(new Sample(columns[0], columns[1], samples().resolve(columns[0])));
            }
            return samples;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON object from a parsed response, typed for assertions. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object json) {
        return (Map<String, Object>) json;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object json) {
        return (List<Object>) json;
    }

    static Sample firstOf(String extension) {
        return samplesManifest().stream().filter(s -> s.filename().endsWith("." + extension)).findFirst().orElseThrow();
    }
}
