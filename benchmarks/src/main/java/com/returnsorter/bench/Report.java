package com.returnsorter.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the raw outputs of one {@code bench/run-benchmarks} run into the Markdown summary, and
 * checks the goals against the figures of that same run.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar com.returnsorter.bench.Report RESULTS_DIR</pre>
 *
 * Reads, where present: {@code jmh.csv} (JMH {@code -rf csv}), {@code startup.tsv}
 * (model, run, ms), {@code load.tsv} ({@link LoadGenerator#TSV_HEADER}) and {@code rss.tsv}
 * (model, max_rss_kb, vm_hwm_kb). A missing file leaves its section "not measured".
 */
public final class Report {

    /** Goal: end-to-end p50 at concurrency 1 within this factor of decode + preprocess + batch-1 inference. */
    static final double E2E_FACTOR = 1.5;
    /** Goal: the first 200 answer within this many ms of the process start (bundled model). */
    static final double STARTUP_MS = 3000;
    /** Goal: peak RSS under this many MB with the bundled model during the load test. */
    static final double RSS_MB = 300;

    private static final Map<String, String> PROFILE_OF_MODEL = Map.of(
            BenchSupport.BUNDLED, "fashion-mnist", BenchSupport.MOBILENET, "rgb");

    private Report() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: Report RESULTS_DIR");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        List<Map<String, String>> jmh = csv(dir.resolve("jmh.csv"));
        List<Map<String, String>> startup = tsv(dir.resolve("startup.tsv"));
        List<Map<String, String>> load = tsv(dir.resolve("load.tsv"));
        List<Map<String, String>> rss = tsv(dir.resolve("rss.tsv"));
        StringBuilder md = new StringBuilder();

        md.append("### Raw ONNX Runtime inference (JMH, average time)\n\n");
        md.append("| model | batch 1: ms per image | batch 16: ms per batch | batch 16: ms per image |\n|---|---:|---:|---:|\n");
        for (String model : models(jmh, "model")) {
            Optional<Double> one = jmhMs(jmh, "InferenceBenchmark.inferBatch1", Map.of("model", model));
            Optional<Double> sixteen = jmhMs(jmh, "InferenceBenchmark.inferBatch16", Map.of("model", model));
            md.append(row(name(model), ms(one), ms(sixteen), ms(sixteen.map(v -> v / 16))));
        }
        if (models(jmh, "model").isEmpty()) {
            md.append("| not measured | | | |\n");
        }
        md.append("\n### Decode + preprocess (JMH, average time per image)\n\n");
        md.append("| profile | image | decode + preprocess ms | decode only ms |\n|---|---|---:|---:|\n");
        for (String profile : List.of("fashion-mnist", "rgb")) {
            for (String image : List.of("jpeg800", "samples")) {
                Optional<Double> both = jmhMs(jmh, "PreprocessBenchmark.decodeAndPreprocess", Map.of("profile", profile, "image", image));
                Optional<Double> decode = jmhMs(jmh, "DecodeBenchmark.decode", Map.of("image", image));
                if (both.isPresent()) {
                    md.append(row(profile, image.equals("jpeg800") ? "800 px JPEG" : "sample photos (mean)", ms(both), ms(decode)));
                }
            }
        }

        if (jmh.stream().noneMatch(r -> r.getOrDefault("Benchmark", "").endsWith("decodeAndPreprocess"))) {
            md.append("| not measured | | | |\n");
        }
        md.append("\n### Start-up: process start to first 200 from POST /predict\n\n");
        md.append("| model | runs (ms) | max ms |\n|---|---|---:|\n");
        Map<String, List<Double>> startups = new LinkedHashMap<>();
        for (Map<String, String> r : startup) {
            startups.computeIfAbsent(r.get("model"), k -> new ArrayList<>()).add(number(r.get("ms")));
        }
        startups.forEach((model, runs) -> {
            double worst = runs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
            md.append(row(name(model),
                    String.join(", ", runs.stream().map(v -> v.isNaN() ? "failed" : String.format(Locale.ROOT, "%.0f", v)).toList()),
                    Double.isNaN(worst) ? "failed" : String.format(Locale.ROOT, "%.0f", worst)));
        });
        if (startups.isEmpty()) {
            md.append("| not measured | | |\n");
        }

        md.append("\n### Load test: POST /predict, multipart sample photos, closed loop\n\n");
        md.append("| model | concurrency | requests | 200 OK | errors | p50 ms | p95 ms | p99 ms | req/s | error kinds |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Map<String, String> r : load) {
            md.append(row(name(r.get("label")), r.get("concurrency"), r.get("requests"), r.get("ok"), r.get("errors"),
                    r.get("p50_ms"), r.get("p95_ms"), r.get("p99_ms"), r.get("throughput_rps"), r.get("error_kinds")));
        }
        if (load.isEmpty()) {
            md.append("| not measured | | | | | | | | | |\n");
        }

        md.append("\n### Peak RSS of the service during its load test\n\n");
        md.append("| model | Maximum resident set size (time -v) | VmHWM (/proc) |\n|---|---:|---:|\n");
        for (Map<String, String> r : rss) {
            md.append(row(name(r.get("model")), mb(number(r.get("max_rss_kb"))), mb(number(r.get("vm_hwm_kb")))));
        }
        if (rss.isEmpty()) {
            md.append("| not measured | | |\n");
        }

        md.append("\n### Goals (figures from this run)\n\n| goal | measured | target | met? |\n|---|---|---|---|\n");
        for (String model : List.of(BenchSupport.BUNDLED, BenchSupport.MOBILENET)) {
            Optional<Double> p50 = load.stream().filter(r -> model.equals(r.get("label")) && "1".equals(r.get("concurrency")))
                    .map(r -> number(r.get("p50_ms"))).filter(v -> !v.isNaN()).findFirst();
            Optional<Double> pre = jmhMs(jmh, "PreprocessBenchmark.decodeAndPreprocess",
                    Map.of("profile", PROFILE_OF_MODEL.get(model), "image", "samples"));
            Optional<Double> infer = jmhMs(jmh, "InferenceBenchmark.inferBatch1", Map.of("model", model));
            if (p50.isEmpty() && pre.isEmpty() && infer.isEmpty()) {
                continue;
            }
            String measured;
            String met;
            if (p50.isPresent() && pre.isPresent() && infer.isPresent()) {
                double inProcess = pre.get() + infer.get();
                double ratio = p50.get() / inProcess;
                measured = String.format(Locale.ROOT, "p50 %.2f ms vs %.2f + %.2f = %.2f ms in process: %.2f×",
                        p50.get(), pre.get(), infer.get(), inProcess, ratio);
                met = ratio <= E2E_FACTOR ? "yes" : "**no**";
            } else {
                measured = "incomplete (need load c=1, decodeAndPreprocess[samples], inferBatch1)";
                met = "—";
            }
            md.append(row("end-to-end p50 (c=1) ≤ 1.5 × (decode + preprocess + raw inference), " + name(model),
                    measured, "≤ 1.50×", met));
        }
        List<Double> bundledStartups = startups.getOrDefault(BenchSupport.BUNDLED, List.of());
        if (!bundledStartups.isEmpty()) {
            double worst = bundledStartups.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            md.append(row("first prediction within 3 s of start, bundled model",
                    Double.isNaN(worst) ? "a run failed" : String.format(Locale.ROOT, "worst of %d runs: %.0f ms", bundledStartups.size(), worst), "≤ 3000 ms",
                    !Double.isNaN(worst) && worst <= STARTUP_MS ? "yes" : "**no**"));
        }
        rss.stream().filter(r -> BenchSupport.BUNDLED.equals(r.get("model"))).findFirst().ifPresent(r -> {
            double mb = number(r.get("max_rss_kb")) / 1024.0;
            md.append(row("peak RSS under 300 MB, bundled model, during the load test",
                    String.format(Locale.ROOT, "%.0f MB", mb), "< 300 MB", !Double.isNaN(mb) && mb < RSS_MB ? "yes" : "**no**"));
        });
        System.out.print(md);
    }

    private static String name(String model) {
        if (BenchSupport.BUNDLED.equals(model)) {
            return "bundled (fashion-mnist-cnn)";
        }
        if (BenchSupport.MOBILENET.equals(model)) {
            return "MobileNetV2 224×224 (untrained)";
        }
        return model;
    }

    private static List<String> models(List<Map<String, String>> jmh, String param) {
        List<String> models = new ArrayList<>();
        for (Map<String, String> r : jmh) {
            String value = r.get("Param: " + param);
            if (value != null && !value.isBlank() && !models.contains(value)) {
                models.add(value);
            }
        }
        return models;
    }

    /** A JMH score in milliseconds, for the benchmark whose name ends with {@code suffix} and has these parameters. */
    static Optional<Double> jmhMs(List<Map<String, String>> jmh, String suffix, Map<String, String> params) {
        for (Map<String, String> r : jmh) {
            if (!r.getOrDefault("Benchmark", "").endsWith(suffix)) {
                continue;
            }
            boolean match = params.entrySet().stream().allMatch(p -> p.getValue().equals(r.get("Param: " + p.getKey())));
            if (match) {
                double score = number(r.get("Score"));
                String unit = r.getOrDefault("Unit", "");
                double factor = switch (unit) {
                    case "ns/op" -> 1e-6;
                    case "us/op" -> 1e-3;
                    case "ms/op" -> 1;
                    case "s/op" -> 1e3;
                    default -> Double.NaN;
                };
                return Double.isNaN(score * factor) ? Optional.empty() : Optional.of(score * factor);
            }
        }
        return Optional.empty();
    }

    private static String ms(Optional<Double> value) {
        return value.map(v -> String.format(Locale.ROOT, v < 1 ? "%.3f" : "%.2f", v)).orElse("not measured");
    }

    private static String mb(double kb) {
        return Double.isNaN(kb) ? "not measured" : String.format(Locale.ROOT, "%.0f MB (%.0f kB)", kb / 1024.0, kb);
    }

    private static String row(String... cells) {
        StringBuilder line = new StringBuilder("|");
        for (String cell : cells) {
            line.append(' ').append(cell == null || cell.isBlank() ? "—" : cell.replace("|", "\\|")).append(" |");
        }
        return line.append('\n').toString();
    }

    static double number(String text) {
        if (text == null || text.isBlank() || text.equals("-")) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(text.trim().replace(',', '.'));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    static List<Map<String, String>> tsv(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Map<String, String>> rows = new ArrayList<>();
        String[] header = null;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split("\t", -1);
            if (header == null || cells[0].equals(header[0])) {
                header = cells;
                continue;
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length && i < cells.length; i++) {
                row.put(header[i], cells[i]);
            }
            rows.add(row);
        }
        return rows;
    }

    /** JMH's CSV: a header line, quoted strings, unquoted numbers. */
    static List<Map<String, String>> csv(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Map<String, String>> rows = new ArrayList<>();
        List<String> header = null;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            List<String> cells = splitCsv(line);
            if (header == null) {
                header = cells;
                continue;
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size() && i < cells.size(); i++) {
                row.put(header.get(i), cells.get(i));
            }
            rows.add(row);
        }
        return rows;
    }

    static List<String> splitCsv(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
