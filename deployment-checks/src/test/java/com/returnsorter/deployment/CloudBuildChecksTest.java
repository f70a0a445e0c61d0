package com.returnsorter.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.returnsorter.testing.Terraform;
import com.returnsorter.testing.Terraform.Block;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two builds. cloudbuild.yaml (tests and images) runs as an account without deploy rights;
 * cloudbuild-deploy.yaml (terraform apply, smoke test) runs as the deployer and no project code.
 * Every waitFor names an earlier step, every step image is pinned by digest, every image is built
 * with a tag from a substitution, pushed after its build and listed, nothing is built before the
 * tests pass, the deploy uses the digests Cloud Build recorded, and the smoke test follows it.
 */
class CloudBuildChecksTest {

    record Step(String id, List<String> waitFor, String text, Map<String, Object> raw) {
    }

    record Build(String file, Map<String, Object> config, Map<String, Step> steps) {
        Step step(String id) {
            Step step = steps.get(id);
            assertThat(step).as(file + " has a step " + id).isNotNull();
            return step;
        }

        /** Whether {@code step} waits, directly or through other steps, for {@code earlier}. */
        boolean waitsFor(String step, String earlier) {
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

        /** The account the build runs as: the local part of serviceAccount's email. */
        String accountId() {
            Matcher m = Pattern.compile("^projects/\\$PROJECT_ID/serviceAccounts/([a-z0-9-]+)@\\$PROJECT_ID\\.iam\\.gserviceaccount\\.com$")
                    .matcher(String.valueOf(config.get("serviceAccount")));
            assertThat(m.matches()).as(file + " runs as a service account of the project (serviceAccount)").isTrue();
            return m.group(1);
        }
    }

    static final String TEST_AND_IMAGES = "cloudbuild.yaml";
    static final String DEPLOY = "cloudbuild-deploy.yaml";
    private static final Pattern USER_SUBSTITUTION = Pattern.compile("\\$\\{?(_[A-Z0-9_]+)");
    private static final Pattern TAG_FROM_SUBSTITUTION = Pattern.compile(":\\$\\{?(_[A-Z0-9_]+|SHORT_SHA|COMMIT_SHA|TAG_NAME)}?$");
    private static final Pattern PINNED = Pattern.compile("^[a-z0-9.-]+(/[a-z0-9._-]+)+(:[A-Za-z0-9_.-]+)?@sha256:[0-9a-f]{64}$");
    /** Commands that run the project's code or third-party build code: never with deploy rights. */
    private static final List<String> PROJECT_CODE = List.of("mvnw", "mvn ", "npm ", "npx ", "gradle", ".ci/run", "docker build",
            "node ", "java ");
    /** What the test build's account may hold: (resource type, role). Its one project role writes log lines. */
    private static final Set<String> BUILDER_MAY_HOLD = Set.of(
            "google_project_iam_member roles/logging.logWriter",
            "google_artifact_registry_repository_iam_member roles/artifactregistry.writer",
            "google_storage_bucket_iam_member roles/storage.objectViewer");

    private static Map<String, Build> builds;
    private static Terraform terraform;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void parse() {
        terraform = Terraform.load();
        builds = new LinkedHashMap<>();
        for (String file : List.of(TEST_AND_IMAGES, DEPLOY)) {
            Map<String, Object> config = new Yaml().load(Repository.read(file));
            Map<String, Step> steps = new LinkedHashMap<>();
            for (Map<String, Object> raw : (List<Map<String, Object>>) config.get("steps")) {
                String id = (String) raw.get("id");
                assertThat(id).as(file + ": every step has an id").isNotBlank();
                List<String> waitFor = (List<String>) raw.get("waitFor");
                assertThat(waitFor).as(file + ": " + id + " says what it waits for (waitFor)").isNotNull();
                String text = String.valueOf(raw.get("args")) + "\n" + raw.getOrDefault("script", "");
                assertThat(steps.put(id, new Step(id, waitFor, text, raw))).as(file + ": step id " + id + " is unique").isNull();
            }
            builds.put(file, new Build(file, config, steps));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {TEST_AND_IMAGES, DEPLOY})
    void everyStepWaitsOnlyForEarlierSteps(String file) {
        Set<String> earlier = new LinkedHashSet<>();
        for (Step step : builds.get(file).steps().values()) {
            for (String wait : step.waitFor()) {
                if (!wait.equals("-")) {
                    assertThat(earlier).as(file + ": " + step.id() + " waits for \"" + wait + "\", which is not an earlier step").contains(wait);
                }
            }
            earlier.add(step.id());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {TEST_AND_IMAGES, DEPLOY})
    void everyStepImageIsPinnedByDigest(String file) {
        for (Step step : builds.get(file).steps().values()) {
            assertThat(String.valueOf(step.raw().get("name"))).as(file + ": the image of step " + step.id()
                    + " is pinned by @sha256 digest (docs/deployment.md, \"Step images\")").matches(PINNED);
        }
    }

    @Test
    void theTestBuildRunsAsAnAccountWithoutDeployRights() {
        Build build = builds.get(TEST_AND_IMAGES);
        String account = serviceAccountResource(build.accountId());
        String member = account + ".member";
        List<String> held = new ArrayList<>();
        for (Block grant : terraform.resources()) {
            if (!grant.type().endsWith("_iam_member") || !grant.body().toString().contains(account + ".")) {
                continue;
            }
            assertThat(Terraform.soleExpression(grant.body().get("member"))).as(grant.address() + " grants to the builder by member").isEqualTo(member);
            held.add(grant.type() + " " + grant.text("role"));
            if (grant.type().equals("google_storage_bucket_iam_member")) {
                assertThat(grant.text("bucket")).as(grant.address() + ": the builder reads only the uploaded sources")
                        .isEqualTo("${google_storage_bucket.build_sources.name}");
            }
        }
        assertThat(held).as(build.accountId() + " (the account " + TEST_AND_IMAGES + " runs as) may write its logs, read the "
                + "source and push images; no project role, no secret, no actAs, no deploy").isSubsetOf(BUILDER_MAY_HOLD);
        assertThat(terraform.resources("google_cloudbuild_trigger")).as("nothing else runs as the builder")
                .filteredOn(t -> Objects.equals(t.text("service_account"), "${" + account + ".id}"))
                .allSatisfy(t -> assertThat(t.text("filename")).isEqualTo(TEST_AND_IMAGES));

        assertThat(build.config()).as(TEST_AND_IMAGES + " reads no secret").doesNotContainKey("availableSecrets");
        for (Step step : build.steps().values()) {
            assertThat(step.text()).as(TEST_AND_IMAGES + ": " + step.id() + " deploys nothing")
                    .doesNotContain("terraform").doesNotContain("gcloud run deploy").doesNotContain("gcloud run services update");
        }
    }

    @Test
    void theDeployBuildHoldsTheDeployRightsAndRunsNoProjectCode() {
        Build build = builds.get(DEPLOY);
        String account = serviceAccountResource(build.accountId());
        assertThat(account).as(DEPLOY + " runs as the deployer").isEqualTo("google_service_account.deployer");
        assertThat(serviceAccountResource(builds.get(TEST_AND_IMAGES).accountId())).as("the two builds run as two accounts").isNotEqualTo(account);
        for (Step step : build.steps().values()) {
            for (String command : PROJECT_CODE) {
                assertThat(step.text()).as(DEPLOY + ": " + step.id() + " runs no project code (" + command.strip() + ")").doesNotContain(command);
            }
        }
        Block deploy = terraform.resource("google_cloudbuild_trigger", "deploy");
        Block tests = terraform.resource("google_cloudbuild_trigger", "test_and_images");
        assertThat(deploy.text("service_account")).isEqualTo("${" + account + ".id}");
        assertThat(Terraform.nested(deploy.body(), "git_file_source", "path").asText()).isEqualTo(DEPLOY);
        String topic = Terraform.soleExpression(Terraform.nested(deploy.body(), "pubsub_config", "topic"));
        assertThat(terraform.block(topic.replaceAll("\\.id$", "")).orElseThrow().text("name"))
                .as("the deploy follows Cloud Build's status messages").isEqualTo("cloud-builds");
        assertThat(deploy.text("filter")).as("only a successful test-and-images build starts a deploy")
                .contains("== \"SUCCESS\"").contains("${google_cloudbuild_trigger.test_and_images[0].trigger_id}");
        assertThat(tests.text("service_account")).isEqualTo("${" + serviceAccountResource(builds.get(TEST_AND_IMAGES).accountId()) + ".id}");
        assertThat(tests.text("filename")).isEqualTo(TEST_AND_IMAGES);
    }

    @Test
    void everyImageIsTaggedFromASubstitutionPushedAfterItsBuildAndListed() {
        Build build = builds.get(TEST_AND_IMAGES);
        @SuppressWarnings("unchecked")
        List<String> listed = (List<String>) build.config().get("images");
        Map<String, String> builtBy = new LinkedHashMap<>();
        Map<String, String> pushedBy = new LinkedHashMap<>();
        for (Step step : build.steps().values()) {
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
            assertThat(build.waitsFor(pushedBy.get(image), buildStep)).as(pushedBy.get(image) + " runs after " + buildStep).isTrue();
            assertThat(listed).as(image + " is listed under images (its digest is recorded in the build)").contains(image);
            assertThat(build.waitsFor(buildStep, "test")).as(buildStep + " runs only after the tests passed").isTrue();
        });
        assertThat(builtBy.keySet()).as("everything pushed or listed was built here").containsAll(pushedBy.keySet()).containsAll(listed);
    }

    @Test
    void theDeployUsesTheDigestsCloudBuildRecordedAndTheSmokeTestFollowsIt() {
        Build build = builds.get(DEPLOY);
        Step digests = build.step("source-build-digests");
        assertThat(digests.text()).as("the source build is read from the Cloud Build API, not from the message")
                .contains("gcloud builds describe").contains("results").contains("\"SUCCESS\"").contains("return-sorter-builder@");
        Step deploy = build.step("deploy");
        assertThat(build.waitsFor("deploy", "source-build-digests")).isTrue();
        assertThat(deploy.text()).contains("terraform apply");
        @SuppressWarnings("unchecked")
        List<String> listed = (List<String>) builds.get(TEST_AND_IMAGES).config().get("images");
        for (String[] image : new String[][] {{"predict_image_tag", "${_PREDICT_IMAGE}"}, {"batch_image_tag", "batch-trigger-function"},
                {"report_image_tag", "report-function"}}) {
            assertThat(deploy.text()).as("deploy sets " + image[0] + " from a digest").containsPattern(image[0] + "=\\$+\\(cat [^)]*\\.digest\\)");
            assertThat(digests.text()).as("the digest step writes the digest the deploy reads").contains("/workspace/{name}.digest");
            if (!image[1].startsWith("$")) {
                assertThat(listed).as(image[1] + " is an image the test build lists").anyMatch(l -> l.contains("/" + image[1] + ":"));
            }
        }
        Step smoke = build.step("smoke-test");
        assertThat(build.waitsFor("smoke-test", "deploy")).isTrue();
        assertThat(smoke.text()).contains("/health").contains("/predict").contains("samples/").contains("report-ingest")
                .as("IAP answers anonymous requests to the people-facing service").contains("x-goog-iap-generated-response");
    }

    @Test
    void theTestStepRunsTheReadmesTestCommand() {
        Step test = builds.get(TEST_AND_IMAGES).step("test");
        assertThat(test.text()).contains("bash .ci/run");
        assertThat(Repository.read(".ci/run")).contains("./mvnw -B verify");
        assertThat(test.text()).as("the emulators the tests use").contains("firestore-emulator").contains("pubsub-emulator");
    }

    @ParameterizedTest
    @ValueSource(strings = {TEST_AND_IMAGES, DEPLOY})
    @SuppressWarnings("unchecked")
    void everySubstitutionAndSecretUsedIsDeclared(String file) {
        Build build = builds.get(file);
        Map<String, Object> declared = (Map<String, Object>) build.config().get("substitutions");
        Set<String> used = new TreeSet<>();
        Matcher m = USER_SUBSTITUTION.matcher(Repository.read(file).replaceAll("(?m)^\\s*#.*$", ""));
        while (m.find()) {
            used.add(m.group(1));
        }
        assertThat(declared.keySet()).as(file + ": user substitutions used = declared").isEqualTo(used);
        // A trigger's substitution the config does not declare fails the build before it starts.
        for (Block trigger : terraform.resources("google_cloudbuild_trigger")) {
            String config = trigger.text("filename") != null ? trigger.text("filename")
                    : Terraform.nested(trigger.body(), "git_file_source", "path").asText();
            if (config.equals(file)) {
                JsonNode given = trigger.body().get("substitutions");
                assertThat(terraform.literalKeys(given)).as(trigger.address() + " gives substitutions " + file + " declares")
                        .isSubsetOf(declared.keySet());
            }
        }

        Set<String> secrets = new TreeSet<>();
        Map<String, Object> available = (Map<String, Object>) build.config().getOrDefault("availableSecrets", Map.of());
        ((List<Map<String, Object>>) available.getOrDefault("secretManager", List.of())).forEach(s -> secrets.add((String) s.get("env")));
        for (Step step : build.steps().values()) {
            List<String> secretEnv = (List<String>) step.raw().getOrDefault("secretEnv", List.of());
            assertThat(secrets).as(file + ": " + step.id() + "'s secretEnv").containsAll(secretEnv);
        }
    }

    /** The terraform service account whose account_id is {@code accountId}. */
    private static String serviceAccountResource(String accountId) {
        List<Block> accounts = terraform.resources("google_service_account").stream()
                .filter(a -> accountId.equals(a.text("account_id"))).toList();
        assertThat(accounts).as("terraform declares the account " + accountId).hasSize(1);
        return accounts.get(0).address();
    }

    @SuppressWarnings("unchecked")
    private static List<String> args(Step step) {
        Object args = step.raw().get("args");
        return args instanceof List<?> list && step.raw().get("entrypoint") == null ? (List<String>) list : List.of();
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
