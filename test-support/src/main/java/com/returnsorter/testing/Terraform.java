package com.returnsorter.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The project's terraform as HashiCorp's HCL parser reads it: {@code target/terraform.json}, written by
 * {@code deployment-checks/hcl2json/convert.js} in the {@code generate-test-resources} phase of the module
 * that reads it (deployment-checks, system-tests), holds every file in terraform's JSON syntax, with each
 * expression kept as its source text ({@code "${var.region}"}). {@link TerraformValues} evaluates them.
 */
public final class Terraform {

    /** One {@code resource} or {@code data} block. */
    public record Block(String kind, String type, String name, String file, JsonNode body) {
        public String address() {
            return (kind.equals("data") ? "data." : "") + type + "." + name;
        }

        public String text(String attribute) {
            JsonNode value = body.get(attribute);
            return value == null || value.isNull() ? null : value.isValueNode() ? value.asText() : value.toString();
        }
    }

    /** A reference found in an expression, and where. */
    public record Reference(String target, String where) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    // var.x, local.x, data.t.n, module.m, and resource references t.n (every resource type here is google_*).
    private static final Pattern REFERENCE = Pattern.compile(
            "(?<![\\w.\"-])(var\\.\\w+|local\\.\\w+|data\\.\\w+\\.[\\w-]+|module\\.\\w+|google_\\w+\\.[\\w-]+)");
    private static final Pattern QUOTED = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern INDEXED = Pattern.compile("(google_\\w+\\.[\\w-]+)\\[\"([^\"]+)\"]");

    private final Map<String, JsonNode> files = new LinkedHashMap<>();
    private final Map<String, Block> blocks = new LinkedHashMap<>();
    private final Map<String, JsonNode> variables = new LinkedHashMap<>();
    private final Map<String, JsonNode> locals = new LinkedHashMap<>();
    private final Map<String, JsonNode> outputs = new LinkedHashMap<>();

    public static Terraform load() {
        String location = System.getProperty("returnsorter.terraform-json");
        if (location == null) {
            throw new IllegalStateException("returnsorter.terraform-json is not set: run the test through Maven "
                    + "(./mvnw verify -pl deployment-checks or -pl system-tests), which converts terraform/ first");
        }
        try {
            return new Terraform(JSON.readTree(Files.readString(Path.of(location))));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + location + " (written by deployment-checks/hcl2json/convert.js)", e);
        }
    }

    /** Terraform from hcl2json's output ({@code {"<file>.tf": {...}}}). */
    public static Terraform of(JsonNode root) {
        return new Terraform(root);
    }

    private Terraform(JsonNode root) {
        root.fields().forEachRemaining(file -> {
            files.put(file.getKey(), file.getValue());
            JsonNode body = file.getValue();
            collectBlocks("resource", file.getKey(), body.get("resource"));
            collectBlocks("data", file.getKey(), body.get("data"));
            single(body.get("variable"), variables::put);
            single(body.get("output"), outputs::put);
            if (body.has("locals")) {
                body.get("locals").forEach(group -> group.fields().forEachRemaining(e -> locals.put(e.getKey(), e.getValue())));
            }
        });
    }

    private void collectBlocks(String kind, String file, JsonNode byType) {
        if (byType == null) {
            return;
        }
        byType.fields().forEachRemaining(type -> type.getValue().fields().forEachRemaining(named -> {
            Block block = new Block(kind, type.getKey(), named.getKey(), file, named.getValue().get(0));
            if (blocks.put(block.address(), block) != null) {
                throw new IllegalStateException(block.address() + " is declared twice");
            }
        }));
    }

    private static void single(JsonNode byName, BiConsumer<String, JsonNode> into) {
        if (byName != null) {
            byName.fields().forEachRemaining(e -> into.accept(e.getKey(), e.getValue().get(0)));
        }
    }

    public Set<String> fileNames() {
        return files.keySet();
    }

    public List<Block> resources(String type) {
        return blocks.values().stream().filter(b -> b.kind().equals("resource") && b.type().equals(type)).toList();
    }

    public List<Block> resources() {
        return blocks.values().stream().filter(b -> b.kind().equals("resource")).toList();
    }

    public Optional<Block> block(String address) {
        return Optional.ofNullable(blocks.get(address));
    }

    public Block resource(String type, String name) {
        return block(type + "." + name).orElseThrow(() -> new AssertionError("terraform has no " + type + "." + name));
    }

    public Map<String, JsonNode> variables() {
        return variables;
    }

    public Map<String, JsonNode> locals() {
        return locals;
    }

    public Map<String, JsonNode> outputs() {
        return outputs;
    }

    public boolean declares(String target) {
        String[] parts = target.split("\\.");
        return switch (parts[0]) {
            case "var" -> variables.containsKey(parts[1]);
            case "local" -> locals.containsKey(parts[1]);
            case "module" -> false;
            default -> blocks.containsKey(target);
        };
    }

    /** Every reference in every expression of every file, with the place it is written. */
    public List<Reference> references() {
        List<Reference> found = new ArrayList<>();
        files.forEach((file, body) -> walk(body, file, (where, text) -> {
            for (String expression : expressions(text)) {
                Matcher m = REFERENCE.matcher(QUOTED.matcher(expression).replaceAll("\"\""));
                while (m.find()) {
                    found.add(new Reference(m.group(1), where));
                }
            }
        }));
        return found;
    }

    /** {@code type.name["key"]} references, with the key, for checking them against the block's for_each. */
    public List<String[]> indexedReferences() {
        List<String[]> found = new ArrayList<>();
        files.forEach((file, body) -> walk(body, file, (where, text) -> {
            for (String expression : expressions(text)) {
                Matcher m = INDEXED.matcher(expression);
                while (m.find()) {
                    found.add(new String[] {m.group(1), m.group(2), where});
                }
            }
        }));
        return found;
    }

    /** The keys of a map written literally (a {@code locals} map or a for_each object), if it is one. */
    public Set<String> literalKeys(JsonNode node) {
        Set<String> keys = new LinkedHashSet<>();
        if (node != null && node.isObject()) {
            node.fieldNames().forEachRemaining(keys::add);
        } else if (node != null && node.isTextual()) {
            Matcher local = Pattern.compile("^\\$\\{local\\.(\\w+)}$").matcher(node.asText());
            if (local.matches()) {
                return literalKeys(locals.get(local.group(1)));
            }
        }
        return keys;
    }

    /** The {@code ${...}} parts of a string (terraform's JSON syntax keeps each expression so). */
    public static List<String> expressions(String text) {
        List<String> found = new ArrayList<>();
        int start = text.indexOf("${");
        while (start >= 0) {
            int depth = 0;
            int i = start + 2;
            boolean inString = false;
            for (; i < text.length(); i++) {
                char c = text.charAt(i);
                if (inString) {
                    if (c == '\\') {
                        i++;
                    } else if (c == '"') {
                        inString = false;
                    }
                } else if (c == '"') {
                    inString = true;
                } else if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    if (depth == 0) {
                        break;
                    }
                    depth--;
                }
            }
            found.add(text.substring(start + 2, Math.min(i, text.length())));
            start = text.indexOf("${", i);
        }
        return found;
    }

    /** Calls {@code visit} with every string value (and object key) under {@code node}. */
    public static void walk(JsonNode node, String where, BiConsumer<String, String> visit) {
        if (node.isTextual()) {
            visit.accept(where, node.asText());
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), where, visit);
            }
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                visit.accept(where + "/" + e.getKey(), e.getKey());
                walk(e.getValue(), where + "/" + e.getKey(), visit);
            });
        }
    }

    /** The first nested block of that name ({@code template}, {@code containers}, ...), as a path. */
    public static JsonNode nested(JsonNode body, String... path) {
        JsonNode node = body;
        for (String step : path) {
            if (node == null) {
                return null;
            }
            node = node.get(step);
            if (node != null && node.isArray() && !node.isEmpty() && node.get(0).isObject()) {
                node = node.get(0);
            }
        }
        return node;
    }

    /** A plain {@code ${...}} expression without surrounding text, or null. */
    public static String soleExpression(JsonNode value) {
        if (value == null || !value.isTextual()) {
            return null;
        }
        String text = value.asText();
        List<String> parts = expressions(text);
        return parts.size() == 1 && text.equals("${" + parts.get(0) + "}") ? parts.get(0).strip() : null;
    }
}
