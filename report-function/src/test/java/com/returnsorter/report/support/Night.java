package com.returnsorter.report.support;

import com.returnsorter.events.ItemStatus;
import com.returnsorter.events.RunStatus;
import com.returnsorter.events.RunSummary;
import com.returnsorter.events.TriggerReason;
import com.returnsorter.report.history.HistoryStore;
import com.returnsorter.report.history.ItemRecord;
import com.returnsorter.report.history.RunRecord;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a nightly run leaves behind for the morning: photos (real JPEGs) in the local bucket under
 * {@code processed/}, {@code review/} and {@code rejected/}, and the run with its items in history,
 * destinations agreeing with the bucket — as the batch and the {@code batch-completed} ingest write them.
 */
public final class Night {

    private final Path bucket;
    private final String runId;
    private final Instant at;
    private final List<ItemRecord> items = new ArrayList<>();

    public Night(Path bucket, String runId, Instant at) {
        this.bucket = bucket;
        this.runId = runId;
        this.at = at;
    }

    public String runId() {
        return runId;
    }

    /** A photo the run sorted with confidence into {@code processed/<Cat>/}. */
    public Night sorted(String name, String category, double confidence) {
        return add(name, category, confidence, ItemStatus.SORTED, "processed/" + segment(category) + "/" + name);
    }

    /** A photo the run left in {@code review/<Cat>/}, with a runner-up. */
    public Night review(String name, String category, double confidence, String runnerUp) {
        return add(name, category, confidence, ItemStatus.REVIEW, "review/" + segment(category) + "/" + name, runnerUp);
    }

    /** A photo the run could not read, in {@code rejected/} (its bytes are no image). */
    public Night rejected(String name) {
        write("rejected/" + name, "not a photo".getBytes());
        items.add(new ItemRecord(ItemRecord.idOfRow(items.size() + 1), "incoming/" + name, name, "rejected/" + name,
                null, null, ItemStatus.REJECTED, "not-an-image", "the file is not an image (no known image signature)",
                null, at));
        return this;
    }

    private Night add(String name, String category, double confidence, ItemStatus status, String destination,
                      String... runnersUp) {
        write(destination, jpeg(name.hashCode()));
        Map<String, Double> topK = new LinkedHashMap<>();
        topK.put(category, confidence);
        double rest = 1 - confidence;
        for (String other : runnersUp) {
            rest /= 2;
            topK.put(other, Math.round(rest * 1000) / 1000.0);
        }
        items.add(new ItemRecord(ItemRecord.idOfRow(items.size() + 1), "incoming/" + name, name, destination, category,
                confidence, status, null, null, topK, at.plusSeconds(items.size())));
        return this;
    }

    /** Records the run and its items in {@code history}. */
    public void record(HistoryStore history) {
        history.saveItems(runId, items.iterator());
        int sorted = (int) items.stream().filter(i -> i.status() == ItemStatus.SORTED).count();
        int review = (int) items.stream().filter(i -> i.status() == ItemStatus.REVIEW).count();
        int rejected = (int) items.stream().filter(i -> i.status() == ItemStatus.REJECTED).count();
        Map<String, Integer> categories = new LinkedHashMap<>();
        items.stream().filter(i -> i.category() != null).forEach(i -> categories.merge(i.category(), 1, Integer::sum));
        RunSummary summary = new RunSummary(RunSummary.SCHEMA_VERSION, runId, RunStatus.SUCCESS, TriggerReason.SCHEDULED,
                false, at.plusSeconds(60), at, at.plusSeconds(60), items.size(), sorted + review, rejected, sorted,
                review, rejected, 0, items.isEmpty() ? 100.0 : 100.0 * (sorted + review) / items.size(), 60, categories,
                new RunSummary.ConfidenceDistribution(sorted, 0, review), List.of(), null,
                new RunSummary.ModelInfo("fashion-mnist-cnn", "1.0.0"), RunSummary.ReportPaths.forRun(runId), "local");
        history.createRun(RunRecord.of(summary, items.size(), null, at.plusSeconds(61)));
    }

    public void write(String key, byte[] bytes) {
        try {
            Path file = bucket.resolve(key);
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
            // A complete photo, as a settled upload: the local store lists incoming/ files only once
            // they have been left alone for its settle time (storage.local-settle-time).
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(3600)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Files in the bucket named {@code name} (suffixed copies {@code name~n} included), as keys. */
    public static List<String> copiesOf(Path bucket, String name) {
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : "";
        try (Stream<Path> files = Files.walk(bucket)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !bucket.relativize(p).toString().startsWith(".staging"))
                    .filter(p -> {
                        String file = p.getFileName().toString();
                        return file.equals(name) || file.matches(java.util.regex.Pattern.quote(stem) + "~\\d+"
                                + java.util.regex.Pattern.quote(extension));
                    })
                    .map(p -> bucket.relativize(p).toString().replace('\\', '/')).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A 400×300 JPEG of a dark shape on white, different per {@code seed}, like a photo station's. */
    public static byte[] jpeg(int seed) {
        BufferedImage image = new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 400, 300);
        g.setColor(new Color(Math.abs(seed) % 160, Math.abs(seed / 7) % 160, Math.abs(seed / 49) % 160));
        g.fillRoundRect(80 + Math.abs(seed) % 40, 50, 220, 200, 40, 40);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpeg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String segment(String category) {
        return com.returnsorter.events.BucketLayout.categorySegment(category);
    }
}
