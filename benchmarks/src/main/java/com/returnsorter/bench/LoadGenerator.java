package com.returnsorter.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A closed-loop load generator for {@code POST /predict}: {@code c} workers each send one
 * multipart {@code file} request, wait for the answer and send the next, cycling through the
 * sample photos. Every concurrency level is bounded by a request count and a duration, whichever
 * ends first, after a few unmeasured warm-up requests. Only loopback targets are accepted.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar com.returnsorter.bench.LoadGenerator \
 *     --url http://127.0.0.1:8080/predict [--samples samples/returns] [--concurrency 1,8,32] \
 *     [--requests 3000] [--duration 60] [--warmup 200] [--timeout 30] [--label bundled] [--tsv out.tsv]
 * </pre>
 *
 * Prints a Markdown table (latency percentiles of the 200 answers, throughput of 200 answers per
 * second of wall time, errors by kind). {@code --tsv} appends the same figures, tab separated.
 * Exit status 0 when every level ran, even with errors (they are reported, not hidden); 2 on bad arguments.
 */
public final class LoadGenerator {

    static final String TSV_HEADER = String.join("\t", "label", "concurrency", "requests", "ok", "errors",
            "p50_ms", "p95_ms", "p99_ms", "mean_ms", "max_ms", "throughput_rps", "seconds", "error_kinds");

    private LoadGenerator() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("LoadGenerator: " + e.getMessage());
            System.err.println("usage: LoadGenerator --url http://127.0.0.1:PORT/predict [--samples DIR|FILE] [--concurrency 1,8,32]"
                    + " [--requests N] [--duration SECONDS] [--warmup N] [--timeout SECONDS] [--label TEXT] [--tsv FILE]");
            System.exit(2);
            return;
        }
        List<Payload> payloads = Payload.load(options.samples);
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY)
                .build();
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "Load test %s: POST %s, %d photos from %s, at most %d requests or %d s per level, %d warm-up requests%n%n",
                options.label, options.url, payloads.size(), options.samples, options.requests, options.durationSeconds, options.warmup);
        out.println("| model | concurrency | requests | 200 OK | errors | p50 ms | p95 ms | p99 ms | mean ms | max ms | req/s |");
        out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        List<Result> results = new ArrayList<>();
        for (int concurrency : options.concurrency) {
            if (options.warmup > 0) {
                run(client, options, payloads, concurrency, options.warmup, Duration.ofSeconds(Math.max(10, options.durationSeconds)));
            }
            Result result = run(client, options, payloads, concurrency, options.requests, Duration.ofSeconds(options.durationSeconds));
            results.add(result);
            out.printf(Locale.ROOT, "| %s | %d | %d | %d | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |%n",
                    options.label, concurrency, result.requests(), result.ok(), result.errors(), result.percentile(50),
                    result.percentile(95), result.percentile(99), result.mean(), result.max(), result.throughput());
        }
        out.println();
        for (Result result : results) {
            if (result.errors() > 0) {
                out.printf("errors at concurrency %d: %s%n", result.concurrency(), result.errorKinds());
            }
        }
        if (options.tsv != null) {
            boolean fresh = !Files.exists(options.tsv) || Files.size(options.tsv) == 0;
            StringBuilder text = new StringBuilder(fresh ? TSV_HEADER + "\n" : "");
            for (Result result : results) {
                text.append(String.format(Locale.ROOT, "%s\t%d\t%d\t%d\t%d\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%s%n",
                        options.label, result.concurrency(), result.requests(), result.ok(), result.errors(),
                        result.percentile(50), result.percentile(95), result.percentile(99), result.mean(), result.max(),
                        result.throughput(), result.nanos() / 1e9, result.errorKinds().isEmpty() ? "-" : result.errorKinds()));
            }
            Files.writeString(options.tsv, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /** Runs one level: {@code concurrency} workers until {@code requests} were sent or {@code duration} passed. */
    static Result run(HttpClient client, Options options, List<Payload> payloads, int concurrency, int requests, Duration duration)
            throws InterruptedException {
        AtomicInteger budget = new AtomicInteger(requests);
        AtomicInteger cursor = new AtomicInteger();
        Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        LongSamples[] latencies = new LongSamples[concurrency];
        AtomicLong sent = new AtomicLong();
        CountDownLatch done = new CountDownLatch(concurrency);
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        for (int w = 0; w < concurrency; w++) {
            LongSamples mine = latencies[w] = new LongSamples();
            Thread worker = new Thread(() -> {
                try {
                    while (System.nanoTime() < deadline && budget.getAndDecrement() > 0) {
                        Payload payload = payloads.get(Math.floorMod(cursor.getAndIncrement(), payloads.size()));
                        HttpRequest request = HttpRequest.newBuilder(options.url)
                                .timeout(Duration.ofSeconds(options.timeoutSeconds))
                                .header("Content-Type", "multipart/form-data; boundary=" + Payload.BOUNDARY)
                                .header("Accept", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(payload.body()))
                                .build();
                        sent.incrementAndGet();
                        long t0 = System.nanoTime();
                        String kind;
                        try {
                            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                            long elapsed = System.nanoTime() - t0;
                            if (response.statusCode() == 200 && response.body().contains("\"category\"")) {
                                mine.add(elapsed);
                                continue;
                            }
                            kind = response.statusCode() == 200 ? "200-without-category" : "HTTP " + response.statusCode();
                        } catch (IOException e) {
                            kind = e.getClass().getSimpleName();
                        }
                        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }, "load-" + concurrency + "-" + w);
            worker.setDaemon(true);
            worker.start();
        }
        done.await();
        long nanos = System.nanoTime() - start;
        long[] all = Arrays.stream(latencies).flatMapToLong(LongSamples::stream).sorted().toArray();
        Map<String, Long> errorCounts = new TreeMap<>();
        errors.forEach((k, v) -> errorCounts.put(k, v.sum()));
        return new Result(concurrency, sent.get(), all, errorCounts, nanos);
    }

    /** One level's outcome. {@code latencies} are the sorted nanoseconds of the successful requests. */
    record Result(int concurrency, long requests, long[] latencies, Map<String, Long> errorCounts, long nanos) {

        long ok() {
            return latencies.length;
        }

        long errors() {
            return errorCounts.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Nearest-rank percentile in milliseconds; NaN without successful requests. */
        double percentile(double p) {
            if (latencies.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(p / 100.0 * latencies.length);
            return latencies[Math.max(0, Math.min(latencies.length - 1, rank - 1))] / 1e6;
        }

        double mean() {
            return latencies.length == 0 ? Double.NaN : Arrays.stream(latencies).average().orElseThrow() / 1e6;
        }

        double max() {
            return latencies.length == 0 ? Double.NaN : latencies[latencies.length - 1] / 1e6;
        }

        /** Successful answers per second of wall time. */
        double throughput() {
            return nanos == 0 ? 0 : latencies.length / (nanos / 1e9);
        }

        String errorKinds() {
            return errorCounts.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue()).collect(Collectors.joining(", "));
        }
    }

    /** A growable array of longs, written by one worker thread and read after it finished. */
    static final class LongSamples {
        private long[] values = new long[1024];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        java.util.stream.LongStream stream() {
            return Arrays.stream(values, 0, size);
        }
    }

    /** One photo as a ready multipart body. */
    record Payload(String name, byte[] body) {

        static final String BOUNDARY = "returnsorter-bench-7d1f0c2b9a";

        static List<Payload> load(Path samples) throws IOException {
            List<Path> files;
            if (Files.isDirectory(samples)) {
                try (Stream<Path> list = Files.list(samples)) {
                    files = list.filter(Files::isRegularFile).filter(p -> contentType(p) != null).sorted().toList();
                }
            } else {
                files = List.of(samples);
            }
            if (files.isEmpty()) {
                throw new IOException("no photos in " + samples);
            }
            List<Payload> payloads = new ArrayList<>(files.size());
            for (Path file : files) {
                String type = contentType(file);
                String head = "--" + BOUNDARY + "\r\n"
                        + "Content-Disposition: form-data; name=\"file\"; filename=\"" + file.getFileName() + "\"\r\n"
                        + "Content-Type: " + (type == null ? "application/octet-stream" : type) + "\r\n\r\n";
                String tail = "\r\n--" + BOUNDARY + "--\r\n";
                byte[] photo = Files.readAllBytes(file);
                byte[] headBytes = head.getBytes(StandardCharsets.UTF_8);
                byte[] tailBytes = tail.getBytes(StandardCharsets.US_ASCII);
                byte[] body = new byte[headBytes.length + photo.length + tailBytes.length];
                System.arraycopy(headBytes, 0, body, 0, headBytes.length);
                System.arraycopy(photo, 0, body, headBytes.length, photo.length);
                System.arraycopy(tailBytes, 0, body, headBytes.length + photo.length, tailBytes.length);
                payloads.add(new Payload(file.getFileName().toString(), body));
            }
            return payloads;
        }

        static String contentType(Path file) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".jpg") || name.endsWith(".jpeg")) {
                return "image/jpeg";
            }
            if (name.endsWith(".png")) {
                return "image/png";
            }
            if (name.endsWith(".webp")) {
                return "image/webp";
            }
            if (name.endsWith(".gif")) {
                return "image/gif";
            }
            if (name.endsWith(".bmp")) {
                return "image/bmp";
            }
            if (name.endsWith(".tif") || name.endsWith(".tiff")) {
                return "image/tiff";
            }
            return null;
        }
    }

    /** Command-line options. */
    record Options(URI url, Path samples, int[] concurrency, int requests, int durationSeconds, int warmup,
                   int timeoutSeconds, String label, Path tsv) {

        static Options parse(String[] args) {
            URI url = null;
            Path samples = Path.of("samples/returns");
            int[] concurrency = {1, 8, 32};
            int requests = 3000;
            int duration = 60;
            int warmup = 200;
            int timeout = 30;
            String label = "service";
            Path tsv = null;
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                String value = args[++i];
                switch (name) {
                    case "--url" -> url = URI.create(value);
                    case "--samples" -> samples = Path.of(value);
                    case "--concurrency" -> concurrency = Arrays.stream(value.split(",")).map(String::trim)
                            .mapToInt(Integer::parseInt).toArray();
                    case "--requests" -> requests = Integer.parseInt(value);
                    case "--duration" -> duration = Integer.parseInt(value);
                    case "--warmup" -> warmup = Integer.parseInt(value);
                    case "--timeout" -> timeout = Integer.parseInt(value);
                    case "--label" -> label = value;
                    case "--tsv" -> tsv = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            if (url == null) {
                throw new IllegalArgumentException("--url is required");
            }
            requireLoopback(url);
            if (concurrency.length == 0 || Arrays.stream(concurrency).anyMatch(c -> c < 1 || c > 1024)) {
                throw new IllegalArgumentException("--concurrency takes numbers from 1 to 1024");
            }
            if (requests < 1 || duration < 1 || warmup < 0 || timeout < 1) {
                throw new IllegalArgumentException("--requests, --duration and --timeout must be positive, --warmup not negative");
            }
            return new Options(url, samples, concurrency, requests, duration, warmup, timeout, label, tsv);
        }

        /** The generator only ever talks to this machine. */
        static void requireLoopback(URI url) {
            if (!"http".equals(url.getScheme()) || url.getHost() == null) {
                throw new IllegalArgumentException("--url must be http://127.0.0.1:PORT/predict, not " + url);
            }
            String host = url.getHost();
            boolean loopback;
            if ("localhost".equalsIgnoreCase(host)) {
                loopback = true;
            } else if (host.matches("\\d{1,3}(\\.\\d{1,3}){3}") || host.startsWith("[")) {
                try {
                    // An IP literal: no name lookup happens.
                    loopback = InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
                } catch (java.net.UnknownHostException e) {
                    throw new IllegalArgumentException("not an address: " + host);
                }
            } else {
                loopback = false;
            }
            if (!loopback) {
                throw new IllegalArgumentException("refusing " + host + ": the load generator only targets loopback (http://127.0.0.1:PORT)");
            }
        }
    }
}
