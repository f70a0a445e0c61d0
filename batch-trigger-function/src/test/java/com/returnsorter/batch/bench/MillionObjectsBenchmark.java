package com.returnsorter.batch.bench;

import com.returnsorter.batch.api.RunView;
import com.returnsorter.batch.support.BatchService;
import com.returnsorter.events.BatchTrigger;
import com.returnsorter.events.RunIds;
import com.returnsorter.storage.StoredObject;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The orchestration benchmark of issue 16 (docs/benchmarks.md): the batch service as deployed (Netty,
 * {@code /push}, local messaging, shards) sorts a listing of N objects held in an {@link InMemoryObjectStore},
 * asking an in-process predict that answers at once. Prints the orchestration time per photo and the heap
 * used after a full GC, sampled every few seconds while the run goes on. Started by
 * {@code bench/run-orchestration-benchmark}, which adds the peak RSS from {@code /usr/bin/time -v}.
 *
 * <p>Arguments: photos (default 1,000,000), shard size (default 10,000), heap sample interval in seconds (default 15).
 */
public final class MillionObjectsBenchmark {

    public static void main(String[] args) throws Exception {
        int photos = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int shardSize = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int sampleSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

        InMemoryObjectStore store = new InMemoryObjectStore();
        byte[] photo = "not a real photo: the stub predict does not read it".getBytes(StandardCharsets.UTF_8);
        store.seed("incoming/", photos, i -> String.format(Locale.ROOT, "return_%07d.jpg", i), photo, "image/jpeg");
        BenchmarkBeans.store = store;
        long seededHeap = heapAfterGc(memory);
        System.out.printf(Locale.ROOT, "seeded %d objects; heap after GC %d MB%n", photos, seededHeap >> 20);

        Path unused = Files.createTempDirectory("orchestration-bench");
        long startedContext = System.nanoTime();
        try (BatchService batch = BatchService.start(Map.of("bench.in-memory", "true",
                "batch.shard-size", String.valueOf(shardSize),
                "batch.predict-ready-timeout", "10s"), unused, URI.create("http://127.0.0.1:9"))) {
            System.out.printf(Locale.ROOT, "service up in %d ms%n", (System.nanoTime() - startedContext) / 1_000_000);
            Instant published = Instant.now();
            String runId = RunIds.of(published, "orchestration-bench");
            long start = System.nanoTime();
            int status = batch.push(BatchTrigger.scheduled(published), "orchestration-bench", published);
            System.out.printf(Locale.ROOT, "trigger answered %d after %d ms%n", status, (System.nanoTime() - start) / 1_000_000);

            List<Long> samples = new ArrayList<>();
            long nextSample = System.nanoTime() + sampleSeconds * 1_000_000_000L;
            RunView view;
            while (true) {
                view = batch.run(runId);
                if ("finished".equals(view.phase())) {
                    break;
                }
                if (System.nanoTime() >= nextSample) {
                    long heap = heapAfterGc(memory);
                    samples.add(heap);
                    System.out.printf(Locale.ROOT, "t=%4d s  left in incoming %8d  heap after GC %5d MB%n",
                            (System.nanoTime() - start) / 1_000_000_000L, store.count("incoming/"), heap >> 20);
                    nextSample = System.nanoTime() + sampleSeconds * 1_000_000_000L;
                }
                Thread.sleep(200);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long finishedHeap = heapAfterGc(memory);

            StoredObject items = store.read("reports/" + runId + "/items.jsonl", Long.MAX_VALUE);
            long lines = 0;
            for (byte b : items.bytes()) {
                if (b == '\n') {
                    lines++;
                }
            }
            int processed = store.count("processed/");
            int left = store.count("incoming/");
            int claims = store.count("state/claims/");
            System.out.printf(Locale.ROOT, "%n%d photos in %.1f s: %.1f µs per photo of orchestration (%.0f photos/s)%n",
                    photos, seconds, seconds * 1e6 / photos, photos / seconds);
            System.out.printf(Locale.ROOT, "heap after GC: seeded %d MB; during the run min %d / max %d MB over %d samples;"
                            + " after the run %d MB%n", seededHeap >> 20,
                    samples.stream().mapToLong(Long::longValue).min().orElse(0) >> 20,
                    samples.stream().mapToLong(Long::longValue).max().orElse(0) >> 20, samples.size(), finishedHeap >> 20);
            System.out.printf(Locale.ROOT, "processed/ %d, left in incoming/ %d, claims %d, items.jsonl %d lines (%d MB)%n",
                    processed, left, claims, lines, items.bytes().length >> 20);
            System.out.print("the store after the run (objects sharing one byte array counted once):\n" + store.breakdown());
            boolean ok = processed == photos && left == 0 && claims == 0 && lines == photos;
            System.out.println(ok ? "CHECK OK: every photo sorted once" : "CHECK FAILED");
            if (!ok) {
                System.exit(1);
            }
        }
        System.exit(0);
    }

    private static long heapAfterGc(MemoryMXBean memory) {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
