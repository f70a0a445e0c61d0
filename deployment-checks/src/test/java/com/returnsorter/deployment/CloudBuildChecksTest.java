package com.returnsorter.deployment;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * cloudbuild.yaml: every waitFor names an earlier step, every image is built with a tag from a
 * substitution, pushed after its build and listed, nothing is built before the tests pass, the
 * deploy uses digests, and the smoke test follows the deploy.
 */
class CloudBuildChecksTest {

    record Step(String id, List<String> waitFor, String text, Map<String, Object> raw) {
    }

    private static final Pattern USER_SUBSTITUTION = Pattern.compile("\\$\\{?(_[A-Z0-9_]+)");
    private static final Pattern TAG_FROM_SUBSTITUTION = Pattern.compile(":\\$\\{?(_[A-Z0-9_]+|SHORT_SHA|COMMIT_SHA|TAG_NAME)}?$");

    private static Map<String, Object> build;
    private static Map<String, Step> steps;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void parse() {
        build = new Yaml().load(Repository.read("cloudbuild.yaml"));
        steps = new LinkedHashMap<>();
        for (Map<String, Object> raw : (List<Map<String, Object>>) build.get("steps")) {
            String id = (String) raw.get("id");
            assertThat(id).as("every step has an id").isNotBlank();
            List<String> waitFor = (List<String>) raw.get("waitFor");
            assertThat(waitFor).as(id + " says what it waits for (waitFor)").isNotNull();
            String text = String.valueOf(raw.get("args")) + "\n" + raw.getOrDefault("script", "");
            assertThat(steps.put(id, new Step(id, waitFor, text, raw))).as("step id " + id + " is unique").isNull();
        }
    }

    @Test
    void everyStepWaitsOnlyForEarlierSteps() {
        Set<String> earlier = new LinkedHashSet<>();
        for (Step step : steps.values()) {
            for (String wait : step.waitFor()) {
                if (!wait.equals("-")) {
                    assertThat(earlier).as(step.id() + " waits for \"" + wait + "\", which is not an earlier step").contains(wait);
                }
            }
            earlier.add(step.id());
        }
    }

    @Test
    void everyImageIsTaggedFromASubstitutionPushedAfterItsBuildAndListed() {
        @SuppressWarnings("unchecked")
        List<String> listed = (List<String>) build.get("images");
        Map<String, String> builtBy = new LinkedHashMap<>();
        Map<String, String> pushedBy = new LinkedHashMap<>();
        for (Step step : steps.values()) {
            List<String> args = args(step);
            if (args.isEmpty()) {
                continue;
            }
            if (args.get(0).equals("build")) {
                int t = args.indexOf("-t");
                assertThat(t).as(step.id() + " tags what it builds (-t)").isPositive();
                builtBy.put(args.get(t + 1), step.id());
                int f = args.indexOf("-f");
                assertThat(f).as(step.id() + " names its Dockerfile (-f)").isPositive();
                assertThat(Files.isRegularFile(Repository.root().resolve(args.get(f + 1)))).as(args.get(f + 1) + " exists").isTrue();
            } else if (args.get(0).equals("push")) {
                pushedBy.put(args.get(1), step.id());
            }
        }
        assertThat(builtBy).as("images built").isNotEmpty();
        for (String image : new TreeSet<>(concat(builtBy.keySet(), pushedBy.keySet(), listed))) {
            assertThat(image).as("image " + image + " carries a tag from a substitution, never latest or none")
                    .containsPattern(TAG_FROM_SUBSTITUTION);
        }
        builtBy.forEach((image, buildStep) -> {
            assertThat(pushedBy).as(image + " is pushed").containsKey(image);
            assertThat(waitsFor(pushedBy.get(image), buildStep)).as(pushedBy.get(image) + " runs after " + buildStep).isTrue();
            assertThat(listed).as(image + " is listed under images").contains(image);
            assertThat(waitsFor(buildStep, "test")).as(buildStep + " runs only after the tests passed").isTrue();
        });
        assertThat(builtBy.keySet()).as("everything pushed or listed was built here").containsAll(pushedBy.keySet()).containsAll(listed);
    }

    @Test
    void theDeployUsesDigestsOfThePushedImagesAndTheSmokeTestFollowsIt() {
        Step deploy = steps.get("deploy");
        assertThat(deploy).as("a deploy step").isNotNull();
        steps.values().stream().filter(s -> args(s).size() > 1 && args(s).get(0).equals("push"))
                .forEach(push -> assertThat(waitsFor("deploy", push.id())).as("deploy runs after " + push.id()).isTrue());
        assertThat(deploy.text()).contains("terraform apply").contains(".digest");
        for (String variable : List.of("predict_image_tag", "batch_image_tag", "report_image_tag")) {
            assertThat(deploy.text()).as("deploy sets " + variable + " from a digest").containsPattern(variable + "=\\$+\\(cat [^)]*\\.digest\\)");
        }
        Step smoke = steps.get("smoke-test");
        assertThat(smoke).as("a smoke-test step").isNotNull();
        assertThat(waitsFor("smoke-test", "deploy")).isTrue();
        assertThat(smoke.text()).contains("/health").contains("/predict").contains("samples/");
    }

    @Test
    void theTestStepRunsTheReadmesTestCommand() {
        Step test = steps.get("test");
        assertThat(test).as("a test step").isNotNull();
        assertThat(test.text()).contains("bash .ci/run");
        assertThat(Repository.read(".ci/run")).contains("./mvnw -B verify");
        assertThat(test.text()).as("the emulators the tests use").contains("firestore-emulator").contains("pubsub-emulator");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everySubstitutionAndSecretUsedIsDeclared() {
        Map<String, Object> declared = (Map<String, Object>) build.get("substitutions");
        Set<String> used = new TreeSet<>();
        Matcher m = USER_SUBSTITUTION.matcher(Repository.read("cloudbuild.yaml").replaceAll("(?m)^\\s*#.*$", ""));
        while (m.find()) {
            used.add(m.group(1));
        }
        assertThat(declared.keySet()).as("user substitutions used = declared").isEqualTo(used);

        Set<String> secrets = new TreeSet<>();
        ((List<Map<String, Object>>) ((Map<String, Object>) build.get("availableSecrets")).get("secretManager"))
                .forEach(s -> secrets.add((String) s.get("env")));
        for (Step step : steps.values()) {
            List<String> secretEnv = (List<String>) step.raw().getOrDefault("secretEnv", List.of());
            assertThat(secrets).as(step.id() + "'s secretEnv").containsAll(secretEnv);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> args(Step step) {
        Object args = step.raw().get("args");
        return args instanceof List<?> list && step.raw().get("entrypoint") == null ? (List<String>) list : List.of();
    }

    /** Whether {@code step} waits, directly or through other steps, for {@code earlier}. */
    private static boolean waitsFor(String step, String earlier) {
        List<String> todo = new ArrayList<>(steps.get(step).waitFor());
        Set<String> seen = new TreeSet<>();
        while (!todo.isEmpty()) {
            String next = todo.remove(todo.size() - 1);
            if (next.equals(earlier)) {
                return true;
            }
            if (!next.equals("-") && seen.add(next)) {
                todo.addAll(steps.get(next).waitFor());
            }
        }
        return false;
    }

    @SafeVarargs
    private static List<String> concat(java.util.Collection<String>... parts) {
        List<String> all = new ArrayList<>();
        for (java.util.Collection<String> part : parts) {
            all.addAll(part);
        }
        return all;
    }
}
