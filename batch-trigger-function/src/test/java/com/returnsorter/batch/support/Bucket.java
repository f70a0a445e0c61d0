package com.returnsorter.batch.support;

import com.returnsorter.events.ItemStatus;
import com.returnsorter.events.RunSummary;
import com.returnsorter.reports.ItemResult;
import com.returnsorter.reports.ItemsJsonl;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared local test bucket: filling it with photos, and checking where every photo ended up. */
public final class Bucket {

    public static final List<String> PHOTO_PREFIXES = List.of("incoming/", "processed/", "review/", "rejected/");
    private static final Pattern SUFFIX = Pattern.compile("~\\d+(?=\\.[^./]*$|$)");

    private final Path root;

    public Bucket(Path root) {
        this.root = root;
    }

    public static Bucket shared() {
        return new Bucket(PredictProcess.get().bucket());
    }

    public Path root() {
        return root;
    }

    /** Empties the bucket. */
    public Bucket wipe() {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(root)).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Copies the first {@code count} sample returns into {@code incoming/}; returns their names. */
    public List<String> putSamples(int count) {
        Path samples = Path.of(System.getProperty("returnsorter.root"), "samples", "returns");
        try (Stream<Path> files = Files.list(samples)) {
            List<Path> chosen = files.sorted().limit(count).toList();
            List<String> names = new ArrayList<>();
            for (Path sample : chosen) {
                put("incoming/" + sample.getFileName(), Files.readAllBytes(sample));
                names.add(sample.getFileName().toString());
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Puts a file as an upload that finished an hour ago: the local store lists a file under
     * {@code incoming/} only once it has been left alone for its settle time.
     */
    public void put(String key, byte[] bytes) {
        try {
            Path file = root.resolve(key);
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(
                    java.time.Instant.now().minus(java.time.Duration.ofHours(1))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public byte[] sample(int index) {
        Path samples = Path.of(System.getProperty("returnsorter.root"), "samples", "returns");
        try (Stream<Path> files = Files.list(samples)) {
            return Files.readAllBytes(files.sorted().skip(index).findFirst().orElseThrow());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keys of the objects under {@code prefix}. */
    public List<String> keys(String prefix) {
        Path dir = root.resolve(prefix);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Photo name (below its prefix and category, suffix removed) → every key it is found at. */
    public Map<String, List<String>> whereIsEveryPhoto() {
        Map<String, List<String>> places = new HashMap<>();
        for (String prefix : PHOTO_PREFIXES) {
            for (String key : keys(prefix)) {
                String rest = key.substring(prefix.length());
                if (prefix.equals("processed/") || prefix.equals("review/")) {
                    rest = rest.substring(rest.indexOf('/') + 1); // drop the category
                }
                places.computeIfAbsent(SUFFIX.matcher(rest).replaceFirst(""), k -> new ArrayList<>()).add(key);
            }
        }
        return places;
    }

    /** Every photo put in is in exactly one place, and nothing else is among the photos. */
    public void assertEveryPhotoInExactlyOnePlace(Set<String> names) {
        Map<String, List<String>> places = whereIsEveryPhoto();
        assertThat(new TreeSet<>(places.keySet())).as("photos in the bucket").isEqualTo(new TreeSet<>(names));
        places.forEach((name, keys) -> assertThat(keys).as("places of " + name).hasSize(1));
    }

    /** The run's records, from {@code items.jsonl} (the machine contract; {@code results.csv} is for people). */
    public List<ItemResult> results(String runId) {
        try (java.io.InputStream in = Files.newInputStream(root.resolve("reports/" + runId + "/items.jsonl"))) {
            List<ItemResult> rows = new ArrayList<>();
            ItemsJsonl.reader(in, io.micronaut.serde.ObjectMapper.getDefault()).forEachRemaining(rows::add);
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }


    public RunSummary summary(String runId, JsonMapper json) {
        try {
            return json.readValue(Files.readAllBytes(root.resolve("reports/" + runId + "/summary.json")), RunSummary.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each row of the run's results names where its photo is now, and that is where it is. */
    public void assertResultsAgreeWithBucket(String runId, JsonMapper json) {
        List<ItemResult> rows = results(runId);
        RunSummary summary = summary(runId, json);
        assertThat(rows).hasSize(summary.totalProcessed());
        for (ItemResult row : rows) {
                if (row.status() == ItemStatus.SORTED || row.status() == ItemStatus.REVIEW) {
                    assertThat(row.topK()).as(row.object() + " top-k").isNotEmpty().hasSizeLessThanOrEqualTo(5);
                    assertThat(row.topK().keySet().iterator().next()).isEqualTo(row.category());
                }
            assertThat(Files.isRegularFile(root.resolve(row.destination())))
                    .as(row.object() + " is at " + row.destination()).isTrue();
            if (row.status() == ItemStatus.ERROR) {
                assertThat(row.destination()).isEqualTo(row.object());
            } else {
                assertThat(Files.exists(root.resolve(row.object()))).as(row.object() + " left incoming/").isFalse();
            }
        }
        Map<ItemStatus, Long> counts = rows.stream().collect(Collectors.groupingBy(ItemResult::status, Collectors.counting()));
        assertThat(counts.getOrDefault(ItemStatus.SORTED, 0L)).isEqualTo(summary.sorted());
        assertThat(counts.getOrDefault(ItemStatus.REVIEW, 0L)).isEqualTo(summary.lowConfidence());
        assertThat(counts.getOrDefault(ItemStatus.REJECTED, 0L)).isEqualTo(summary.rejected());
        assertThat(counts.getOrDefault(ItemStatus.ERROR, 0L)).isEqualTo(summary.leftInIncoming());
    }
}
