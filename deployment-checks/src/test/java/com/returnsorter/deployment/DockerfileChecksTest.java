package com.returnsorter.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.returnsorter.testing.Terraform;
import com.returnsorter.testing.Terraform.Block;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The images cloudbuild.yaml builds: multi-stage, pinned bases, a non-root user, an exec-form entry
 * point, the port terraform gives the service, and for the JVM images a JRE base with an AppCDS
 * archive made in the image and used at start.
 */
class DockerfileChecksTest {

    record Instruction(String keyword, String arguments) {
    }

    private static final Pattern FROM = Pattern.compile("^(?:--platform=\\S+\\s+)?(\\S+)(?:\\s+AS\\s+(\\S+))?$", Pattern.CASE_INSENSITIVE);

    @ParameterizedTest
    @ValueSource(strings = {"predict-function/Dockerfile", "batch-trigger-function/Dockerfile", "report-function/Dockerfile",
            "predict-function/Dockerfile.native"})
    void imageIsMultiStagePinnedNonRootAndListensWhereCloudRunSends(String path) {
        String text = Repository.read(path);
        List<List<Instruction>> stages = stages(text);
        assertThat(stages).as(path + " is multi-stage (build, then a runtime without the build tools)").hasSizeGreaterThanOrEqualTo(2);
        Set<String> stageNames = new TreeSet<>();
        for (List<Instruction> stage : stages) {
            Matcher from = FROM.matcher(stage.get(0).arguments());
            assertThat(from.matches()).as(path + ": " + stage.get(0)).isTrue();
            String image = from.group(1);
            assertThat(image).as(path + ": FROM " + image + " names an image or an ARG with a default").doesNotContain("$");
            if (!stageNames.contains(image)) {
                String afterRegistry = image.substring(image.lastIndexOf('/') + 1);
                assertThat(afterRegistry.contains(":") || image.contains("@sha256:"))
                        .as(path + ": base image " + image + " has a tag or digest").isTrue();
                assertThat(image).as(path + ": base image " + image).doesNotEndWith(":latest");
            }
            if (from.group(2) != null) {
                stageNames.add(from.group(2));
            }
        }
        List<Instruction> runtime = stages.get(stages.size() - 1);
        String user = last(runtime, "USER");
        assertThat(user).as(path + ": the runtime stage sets a USER").isNotNull();
        assertThat(user.split(":")[0]).as(path + ": the runtime user is not root").isNotIn("root", "0");
        String entrypoint = last(runtime, "ENTRYPOINT");
        assertThat(entrypoint).as(path + ": ENTRYPOINT in exec form, so SIGTERM reaches the process").startsWith("[");

        String module = path.substring(0, path.indexOf('/'));
        Block service = Terraform.load().resources("google_cloud_run_v2_service").stream()
                .filter(s -> module.equals(s.text("name"))).findFirst().orElseThrow();
        JsonNode port = Terraform.nested(service.body(), "template", "containers", "ports", "container_port");
        assertThat(last(runtime, "EXPOSE")).as(path + " exposes the port terraform sends requests to").isEqualTo(port.asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"predict-function/Dockerfile", "batch-trigger-function/Dockerfile", "report-function/Dockerfile"})
    void jvmImageRunsOnAJreWithItsOwnClassDataSharingArchive(String path) {
        String text = Repository.read(path);
        String runtimeBase = runtimeBase(stages(text));
        assertThat(runtimeBase).as(path + ": the runtime stage is a JRE").containsIgnoringCase("jre");
        // The training run may live in a script the Dockerfile copies from docker/.
        StringBuilder withScripts = new StringBuilder(text);
        Matcher script = Pattern.compile("COPY\\s+(docker/\\S+)").matcher(text);
        while (script.find()) {
            withScripts.append('\n').append(Repository.read(script.group(1)));
        }
        assertThat(withScripts).as(path + ": the archive is made by a training run").contains("-XX:ArchiveClassesAtExit");
        assertThat(text).as(path + ": and used at start").contains("-XX:SharedArchiveFile");
        assertThat(text).as(path + ": with the service's JVM options").contains("jvm.options");
    }

    @ParameterizedTest
    @ValueSource(strings = {"predict-function/Dockerfile", "batch-trigger-function/Dockerfile", "report-function/Dockerfile",
            "predict-function/Dockerfile.native"})
    void everythingTheImageCopiesIsInTheBuildContext(String path) {
        // .dockerignore excludes everything ("*") and lets back what the images need ("!pattern").
        List<Pattern> included = new ArrayList<>();
        for (String line : Repository.read(".dockerignore").lines().map(String::strip).toList()) {
            if (line.startsWith("!")) {
                String glob = line.substring(1);
                String regex = Pattern.quote(glob).replace("*", "\\E[^/]*\\Q");
                included.add(Pattern.compile(glob.endsWith("/") ? regex + ".*" : regex));
            }
        }
        for (List<Instruction> stage : stages(Repository.read(path))) {
            for (Instruction copy : stage) {
                if (!copy.keyword().equals("COPY") || copy.arguments().startsWith("--from")) {
                    continue;
                }
                String[] parts = copy.arguments().replaceAll("--\\S+\\s+", "").split("\\s+");
                for (int i = 0; i < parts.length - 1; i++) {
                    String source = parts[i];
                    if (source.equals(".")) {
                        continue;
                    }
                    assertThat(included).as(path + " copies " + source + ", which .dockerignore leaves out of the build context")
                            .anyMatch(p -> p.matcher(source).matches() || p.matcher(source + "/").matches());
                    assertThat(Repository.root().resolve(source)).as(path + " copies " + source).exists();
                }
            }
        }
    }

    /** The image the last stage is built on, following FROM <earlier stage> back to an image. */
    private static String runtimeBase(List<List<Instruction>> stages) {
        String image = stages.get(stages.size() - 1).get(0).arguments().split("\\s+")[0];
        for (int i = stages.size() - 2; i >= 0; i--) {
            Matcher from = FROM.matcher(stages.get(i).get(0).arguments());
            if (from.matches() && image.equals(from.group(2))) {
                image = from.group(1);
            }
        }
        return image;
    }

    private static String last(List<Instruction> stage, String keyword) {
        String found = null;
        for (Instruction i : stage) {
            if (i.keyword().equals(keyword)) {
                found = i.arguments();
            }
        }
        return found;
    }

    /**
     * Instructions grouped by FROM; comments dropped, continuation lines joined, and the ARGs declared
     * before the first FROM (the only ones a FROM may use) substituted into the FROM lines.
     */
    static List<List<Instruction>> stages(String dockerfile) {
        List<List<Instruction>> stages = new ArrayList<>();
        java.util.Map<String, String> globalArgs = new java.util.HashMap<>();
        StringBuilder pending = new StringBuilder();
        for (String raw : dockerfile.lines().toList()) {
            String line = raw.strip();
            if (line.startsWith("#") || (line.isEmpty() && pending.isEmpty())) {
                continue;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            pending.append(line);
            String full = pending.toString().strip();
            pending.setLength(0);
            if (full.isEmpty()) {
                continue;
            }
            String[] parts = full.split("\\s+", 2);
            Instruction instruction = new Instruction(parts[0].toUpperCase(), parts.length > 1 ? parts[1].strip() : "");
            if (instruction.keyword().equals("ARG") && stages.isEmpty()) {
                String[] arg = instruction.arguments().split("=", 2);
                globalArgs.put(arg[0].strip(), arg.length > 1 ? arg[1].strip().replace("\"", "") : "");
            }
            if (instruction.keyword().equals("FROM")) {
                String from = instruction.arguments();
                for (var arg : globalArgs.entrySet()) {
                    from = from.replace("${" + arg.getKey() + "}", arg.getValue()).replace("$" + arg.getKey(), arg.getValue());
                }
                instruction = new Instruction("FROM", from);
                stages.add(new ArrayList<>());
            }
            if (!stages.isEmpty()) {
                stages.get(stages.size() - 1).add(instruction);
            }
        }
        return stages;
    }
}
