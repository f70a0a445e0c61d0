package com.returnsorter.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.returnsorter.testing.Terraform;
import com.returnsorter.testing.Terraform.Block;
import com.returnsorter.testing.TerraformValues;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What terraform/ must get right, checked on the parsed files because there is no terraform binary
 * here: references, the services' environment against what they read, authenticated pushes with
 * retries and dead letters, nothing public by accident, grants on resources, and an index for
 * every Firestore query the README shows.
 */
class TerraformChecksTest {

    /**
     * Variables a service reads that Cloud Run must not get: why, and the setting that makes the service
     * ignore them (checked on the service's environment), or null when nothing in the service reads them there.
     */
    record LocalOnly(String reason, String whenVariable, String hasValue) {
    }

    static final Map<String, LocalOnly> LOCAL_ONLY = Map.of(
            "PORT", new LocalOnly("Cloud Run sets it to the container port and refuses it in env", null, null),
            "OIDC_JWKS_URI", new LocalOnly("tests point it at a local key set; on Cloud Run the default, Google's keys, applies", null, null),
            "OIDC_ISSUERS", new LocalOnly("tests only; on Cloud Run the default, Google's issuers, applies", null, null),
            "IAP_JWKS_URI", new LocalOnly("tests point it at a local key set; on Cloud Run the default, IAP's keys, applies", null, null),
            "LOCAL_USER", new LocalOnly("the pages' user name in the local environment only; on Cloud Run IAP names the person", null, null),
            "FIRESTORE_EMULATOR_HOST", new LocalOnly("points the Firestore client at the emulator (tests)", null, null),
            "LOCAL_STORAGE_ROOT", new LocalOnly("the local-directory store", "STORAGE_KIND", "gcs"),
            "HISTORY_SQLITE_FILE", new LocalOnly("the local run history", "HISTORY_KIND", "firestore"),
            "SELF_URL", new LocalOnly("local messaging posts continuations to this address", "MESSAGING_KIND", "pubsub"),
            "COMPLETED_PUSH_URL", new LocalOnly("local messaging posts batch-completed here", "MESSAGING_KIND", "pubsub"));

    /**
     * The environment of the push-authentication contract (PUSH_SERVICE_ACCOUNT, PUSH_AUDIENCE, IAP_AUDIENCE;
     * OIDC_JWKS_URI, OIDC_ISSUERS, IAP_JWKS_URI and LOCAL_USER stay at their defaults on Cloud Run), written by
     * another branch of issue 12.
     * Until a service reads PUSH_SERVICE_ACCOUNT, terraform may already set these unread; from then on the
     * environment check holds for them as for every other variable.
     */
    static final Set<String> PUSH_AUTH_CONTRACT = Set.of("PUSH_SERVICE_ACCOUNT", "PUSH_AUDIENCE", "IAP_AUDIENCE",
            "OIDC_JWKS_URI", "OIDC_ISSUERS", "IAP_JWKS_URI", "LOCAL_USER");

    /** The module whose image each Cloud Run service runs (the images local of main.tf). */
    static final Map<String, String> MODULE_OF_IMAGE = Map.of("local.images.predict", "predict-function",
            "local.images.batch", "batch-trigger-function", "local.images.report", "report-function");

    /**
     * The only roles granted on the project (besides the deployer's): each has no resource-level binding, and
     * why it is needed. A role whose name starts with a key matches it.
     */
    private static final Map<String, String> PROJECT_ONLY_ROLES = Map.of(
            "roles/datastore.", "Firestore has no per-database IAM binding; the grant carries a condition naming the database",
            "roles/logging.logWriter", "writing log entries has no resource binding; the builder writes its own build logs",
            "roles/monitoring.metricWriter", "writing time series has no resource binding; the services that export their "
                    + "meters to Cloud Monitoring (CloudMonitoringExport, gcp environment) hold it, and nobody else");

    /** The meters' prefix in Cloud Monitoring: Micrometer's Stackdriver registry, names with slashes. */
    private static final String CUSTOM_METRICS = "custom.googleapis.com/";
    /** The statistics the Stackdriver registry appends to a timer's name (percentiles as /pNN). */
    private static final Pattern TIMER_STATISTIC = Pattern.compile("/(count|max|p\\d+)$");

    private static Terraform terraform;

    @BeforeAll
    static void parse() {
        terraform = Terraform.load();
    }

    @Test
    void everyReferencePointsAtSomethingDeclared() {
        List<String> dangling = terraform.references().stream()
                .filter(r -> !terraform.declares(r.target()))
                .map(r -> r.where() + " -> " + r.target())
                .toList();
        assertThat(dangling).as("references to nothing").isEmpty();

        List<String> badKeys = new ArrayList<>();
        for (String[] ref : terraform.indexedReferences()) {
            Block target = terraform.block(ref[0]).orElseThrow();
            Set<String> keys = terraform.literalKeys(target.body().get("for_each"));
            if (!keys.contains(ref[1])) {
                badKeys.add(ref[2] + " -> " + ref[0] + "[\"" + ref[1] + "\"] (for_each has " + keys + ")");
            }
        }
        assertThat(badKeys).as("keys that the for_each does not make").isEmpty();
    }

    @Test
    void everyVariableIsTypedDescribedAndUsedAndEveryOutputDescribed() {
        Set<String> used = new TreeSet<>();
        terraform.references().forEach(r -> used.add(r.target()));
        terraform.variables().forEach((name, body) -> {
            assertThat(body.path("description").asText()).as("description of variable " + name).isNotBlank();
            assertThat(body.has("type")).as("type of variable " + name).isTrue();
            assertThat(used).as("variable " + name + " is used somewhere").contains("var." + name);
        });
        terraform.outputs().forEach((name, body) ->
                assertThat(body.path("description").asText()).as("description of output " + name).isNotBlank());
        terraform.locals().keySet().forEach(name -> assertThat(used).as("local " + name + " is used").contains("local." + name));
    }

    @Test
    void everyVariableWithAFixedSetOfValuesOrAFormatIsValidated() {
        // Free-form strings (host names, a user name, a card URI) and booleans need no validation.
        Set<String> freeForm = Set.of("smtp_host", "smtp_username", "model_card_uri",
                "predict_public", "deletion_protection", "labels");
        terraform.variables().forEach((name, body) -> {
            if (!freeForm.contains(name)) {
                assertThat(body.has("validation")).as("validation of variable " + name).isTrue();
            }
        });
    }

    @Test
    void eachServiceGetsExactlyTheEnvironmentVariablesItReads() {
        List<Block> services = terraform.resources("google_cloud_run_v2_service");
        assertThat(services).extracting(s -> s.text("name"))
                .containsExactlyInAnyOrder("predict-function", "batch-trigger-function", "report-function", "report-ingest");
        boolean contractPending = services.stream().noneMatch(s -> Repository.environmentReadBy(moduleOf(s)).contains("PUSH_SERVICE_ACCOUNT"));
        Set<String> readAnywhere = new TreeSet<>();
        for (Block service : services) {
            String module = moduleOf(service);
            String name = service.text("name") + " (" + module + ")";
            Set<String> read = Repository.environmentReadBy(module);
            readAnywhere.addAll(read);
            Map<String, String> set = environmentOf(service);

            Set<String> missing = new TreeSet<>(read);
            missing.removeAll(set.keySet());
            missing.removeAll(LOCAL_ONLY.keySet());
            assertThat(missing).as(name + " reads these, terraform does not set them").isEmpty();

            Set<String> unread = new TreeSet<>(set.keySet());
            unread.removeAll(read);
            if (contractPending) {
                unread.removeAll(PUSH_AUTH_CONTRACT);
            }
            assertThat(unread).as(name + ": terraform sets these, the service never reads them").isEmpty();

            for (String variable : read) {
                LocalOnly local = LOCAL_ONLY.get(variable);
                if (local == null) {
                    continue;
                }
                assertThat(set).as(name + " must not get " + variable + " on Cloud Run: " + local.reason()).doesNotContainKey(variable);
                if (local.whenVariable() != null) {
                    assertThat(set.get(local.whenVariable())).as(name + " ignores " + variable + " only when "
                            + local.whenVariable() + " is " + local.hasValue()).isEqualTo(local.hasValue());
                }
            }
        }
        Set<String> namedLocalOnly = new TreeSet<>(LOCAL_ONLY.keySet());
        if (contractPending) {
            namedLocalOnly.removeAll(PUSH_AUTH_CONTRACT);
        }
        assertThat(readAnywhere).as("the local-only list names only variables some service reads").containsAll(namedLocalOnly);
    }

    @Test
    void eachSecretAServiceReadsIsGrantedToThatServiceOnly() {
        Block accessors = terraform.resource("google_secret_manager_secret_iam_member", "accessors");
        assertThat(accessors.text("role")).isEqualTo("roles/secretmanager.secretAccessor");
        Map<String, JsonNode> members = new TreeMap<>();
        terraform.literalKeys(accessors.body().get("for_each")).forEach(key ->
                members.put(key, terraform.locals().get("secrets").get(key)));
        Map<String, String> readers = new TreeMap<>();
        for (Block service : terraform.resources("google_cloud_run_v2_service")) {
            String account = serviceAccountOf(Terraform.soleExpression(Terraform.nested(service.body(), "template", "service_account")));
            secretsOf(service).forEach(secret -> {
                String earlier = readers.put(secret, account);
                assertThat(earlier == null || earlier.equals(account))
                        .as(secret + " is read only by services that run as one account (" + earlier + ", " + account + ")").isTrue();
                JsonNode member = members.get(secret);
                assertThat(member).as("an accessor grant for " + secret).isNotNull();
                assertThat(serviceAccountOf(Terraform.soleExpression(member)))
                        .as("the secret " + secret + " is readable by " + service.text("name") + "'s own account").isEqualTo(account);
            });
        }
        assertThat(readers.keySet()).as("every secret is read by a service").isEqualTo(members.keySet());
    }

    @Test
    void pushSubscriptionsAuthenticateRetryAndDeadLetter() {
        List<Block> pushes = terraform.resources("google_pubsub_subscription").stream()
                .filter(s -> s.body().has("push_config")).toList();
        assertThat(pushes).as("push subscriptions (each checked against its listener in everyPushSubscriptionIsNamedAs...)")
                .hasSizeGreaterThanOrEqualTo(4);
        for (Block sub : pushes) {
            JsonNode push = Terraform.nested(sub.body(), "push_config");
            JsonNode oidc = Terraform.nested(push, "oidc_token");
            assertThat(oidc).as(sub.address() + " push_config has an oidc_token").isNotNull();
            String signer = serviceAccountOf(Terraform.soleExpression(oidc.get("service_account_email")));
            assertThat(signer).as(sub.address() + " oidc_token service account").isNotNull();
            String service = referencedService(push.path("push_endpoint").asText());
            assertThat(service).as(sub.address() + " pushes to a Cloud Run service").isNotNull();
            assertThat(push.path("push_endpoint").asText()).as(sub.address() + " pushes to /push").isEqualTo("${" + service + ".uri}/push");
            String audience = Terraform.soleExpression(oidc.get("audience"));
            Block target = terraform.block(service).orElseThrow();
            assertThat(Terraform.soleExpression(textNode(environmentOf(target).get("PUSH_AUDIENCE"))))
                    .as(sub.address() + ": the audience the service accepts (PUSH_AUDIENCE) is the subscription's").isEqualTo(audience);
            assertThat(audience).as(sub.address() + " audience is a local URL").startsWith("local.");
            assertThat(terraform.locals().get(audience.substring("local.".length())).asText())
                    .as(sub.address() + ": the audience is " + target.text("name") + "'s deterministic URL")
                    .isEqualTo("https://" + target.text("name") + "-${data.google_project.this.number}.${var.region}.run.app");
            assertThat(environmentOf(target).get("PUSH_SERVICE_ACCOUNT")).as(sub.address() + ": the service expects the signer")
                    .isEqualTo("${" + signer + ".email}");
            assertThat(invokers(service)).as(sub.address() + ": " + signer + " may invoke " + service).contains(signer);

            assertThat(Terraform.nested(sub.body(), "retry_policy")).as(sub.address() + " retry_policy").isNotNull();
            JsonNode deadLetter = Terraform.nested(sub.body(), "dead_letter_policy");
            assertThat(deadLetter).as(sub.address() + " dead_letter_policy").isNotNull();
            String topic = Terraform.soleExpression(deadLetter.get("dead_letter_topic")).replaceAll("\\.id$", "");
            assertThat(terraform.resources("google_pubsub_subscription")).as("a subscription keeps what reaches " + topic)
                    .anyMatch(s -> Objects.equals(Terraform.soleExpression(s.body().get("topic")), topic + ".id"));
        }
    }

    @Test
    void topicsAndTheirReceiversAreTheOnesTheCodeUses() {
        String topics = Repository.read("events/src/main/java/com/returnsorter/events/Topics.java");
        Map<String, String> receivers = new LinkedHashMap<>();
        for (Block sub : terraform.resources("google_pubsub_subscription")) {
            String topic = Terraform.soleExpression(sub.body().get("topic")).replaceAll("\\.id$", "");
            String name = terraform.resource("google_pubsub_topic", topic.substring(topic.indexOf('.') + 1)).text("name");
            JsonNode push = Terraform.nested(sub.body(), "push_config");
            receivers.put(name, push == null ? null : referencedService(push.path("push_endpoint").asText()));
        }
        for (String name : List.of("batch-trigger", "batch-completed", "watchdog")) {
            assertThat(topics).as("Topics.java names " + name).contains("\"" + name + "\"");
        }
        assertThat(receivers).containsEntry("batch-trigger", "google_cloud_run_v2_service.batch")
                .containsEntry("batch-completed", "google_cloud_run_v2_service.report_ingest")
                .containsEntry("watchdog", "google_cloud_run_v2_service.report_ingest");
    }

    /**
     * micronaut-gcp's PushController hands a push to the {@code @PushSubscription} whose name (in the service's
     * project) is the envelope's {@code subscription}, and answers 404 otherwise (DefaultPushSubscriberHandler):
     * a push subscription must be named as a listener of the service its endpoint reaches, and every listener
     * needs a subscription that pushes to it.
     */
    @Test
    void everyPushSubscriptionIsNamedAsAListenerOfTheServiceItPushesTo() {
        TerraformValues values = planValues();
        Map<String, Set<String>> listenersByModule = new TreeMap<>();
        for (Block service : terraform.resources("google_cloud_run_v2_service")) {
            String module = values.moduleOf(service);
            listenersByModule.put(module, Repository.pushSubscriptionsOf(module));
        }
        Map<String, Set<String>> pushedByModule = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (Block sub : terraform.resources("google_pubsub_subscription")) {
            JsonNode push = Terraform.nested(sub.body(), "push_config");
            if (push == null) {
                continue;
            }
            String name = values.string(sub.body().get("name"));
            String service = referencedService(push.path("push_endpoint").asText());
            assertThat(service).as(sub.address() + " pushes to a Cloud Run service of this terraform").isNotNull();
            String module = values.moduleOf(terraform.resource("google_cloud_run_v2_service", service.substring(service.indexOf('.') + 1)));
            pushedByModule.computeIfAbsent(module, m -> new TreeSet<>()).add(name);
            Set<String> listeners = listenersByModule.getOrDefault(module, Set.of());
            if (!listeners.contains(name)) {
                problems.add(sub.address() + " is named \"" + name + "\" and pushes to " + service + " (" + module
                        + "), whose code listens only on " + listeners + ": every push would be answered 404");
            }
        }
        listenersByModule.forEach((module, listeners) -> listeners.forEach(listener -> {
            if (!pushedByModule.getOrDefault(module, Set.of()).contains(listener)) {
                problems.add(module + " listens on @PushSubscription(\"" + listener + "\"), but no push subscription of "
                        + "that name pushes to it: it would never receive a message");
            }
        }));
        assertThat(problems).as("push subscriptions against the services' @PushSubscription listeners").isEmpty();
        assertThat(pushedByModule).as("the listeners found in the code").isNotEmpty();
    }

    @Test
    void nobodyOutsideIsLetInUnlessAVariableSaysSo() {
        for (Block resource : terraform.resources()) {
            assertThat(resource.type()).as("IAM is additive (*_iam_member), never a whole policy or binding")
                    .doesNotEndWith("_iam_policy").doesNotEndWith("_iam_binding");
            String text = resource.body().toString();
            if (text.contains("allUsers") || text.contains("allAuthenticatedUsers")) {
                String gate = Objects.requireNonNullElse(resource.text("count"), Objects.requireNonNullElse(resource.text("for_each"), ""));
                Matcher variable = Pattern.compile("var\\.(\\w+)").matcher(gate);
                assertThat(variable.find()).as(resource.address() + " grants to the public: its count or for_each must depend on a variable")
                        .isTrue();
                assertThat(terraform.variables().get(variable.group(1)).path("type").asText()).as("that variable is a bool")
                        .isEqualTo("${bool}");
                assertThat(terraform.variables().get(variable.group(1)).path("default").asBoolean(true))
                        .as("and is off unless an installation turns it on").isFalse();
            }
        }
    }

    @Test
    void rolesAreGrantedOnResourcesNotTheProjectWhereTheResourceAllowsIt() {
        for (Block grant : terraform.resources()) {
            if (!grant.type().startsWith("google_project_iam_")) {
                continue;
            }
            String role = grant.text("role");
            if (Objects.equals(Terraform.soleExpression(grant.body().get("member")), "google_service_account.deployer.member")) {
                // terraform apply administers the project: its roles are project-level by nature (iam.tf).
                continue;
            }
            assertThat(PROJECT_ONLY_ROLES.keySet()).as(grant.address() + " grants " + role + " on the project; grant it on the bucket, "
                    + "topic, subscription, secret or service instead").anyMatch(role::startsWith);
            if (role.startsWith("roles/datastore.")) {
                assertThat(Terraform.nested(grant.body(), "condition")).as(grant.address()
                        + ": a Firestore grant is narrowed to the database by a condition").isNotNull();
            }
        }
    }

    @Test
    void eachServiceThatExportsMetricsWritesThemAndNobodyElseGainsAProjectRole() {
        // Who holds which role on the project (the deployer aside): account -> roles.
        Map<String, Set<String>> projectRoles = new TreeMap<>();
        for (Block grant : terraform.resources()) {
            if (!grant.type().equals("google_project_iam_member")) {
                continue;
            }
            String member = Terraform.soleExpression(grant.body().get("member"));
            if (Objects.equals(member, "google_service_account.deployer.member")) {
                continue;
            }
            List<String> members = new ArrayList<>();
            if (Objects.equals(member, "each.value")) {
                String forEach = Terraform.soleExpression(grant.body().get("for_each"));
                assertThat(forEach).as(grant.address() + " iterates over a local map of members").startsWith("local.");
                terraform.locals().get(forEach.substring("local.".length())).forEach(m -> members.add(Terraform.soleExpression(m)));
            } else {
                members.add(member);
            }
            for (String m : members) {
                String account = serviceAccountOf(m);
                assertThat(account).as(grant.address() + " grants the project to a service account of this terraform: " + m).isNotNull();
                projectRoles.computeIfAbsent(account, a -> new TreeSet<>()).add(grant.text("role"));
            }
        }

        Set<String> exporters = new TreeSet<>();
        for (Block service : terraform.resources("google_cloud_run_v2_service")) {
            String module = moduleOf(service);
            String account = serviceAccountOf(Terraform.soleExpression(Terraform.nested(service.body(), "template", "service_account")));
            boolean gcp = environmentOf(service).getOrDefault("MICRONAUT_ENVIRONMENTS", "").contains("local.micronaut_environments")
                    && terraform.locals().get("micronaut_environments").asText().contains("gcp");
            boolean exports = Repository.read(module + "/pom.xml").contains("<artifactId>service-support</artifactId>")
                    && Repository.read("service-support/pom.xml").contains("<artifactId>micrometer-registry-stackdriver</artifactId>");
            assertThat(gcp && exports).as(service.address() + " runs in the gcp environment with the Cloud Monitoring export").isTrue();
            exporters.add(account);
        }
        for (String account : exporters) {
            assertThat(projectRoles.getOrDefault(account, Set.of())).as(account + " exports its meters: it writes them")
                    .contains("roles/monitoring.metricWriter");
        }
        projectRoles.forEach((account, roles) -> {
            if (roles.contains("roles/monitoring.metricWriter")) {
                assertThat(exporters).as(account + " holds metricWriter but runs no service that exports").contains(account);
            }
        });
        // Nobody else gains a project role: exactly these, each for the reason in PROJECT_ONLY_ROLES.
        Map<String, Set<String>> expected = new TreeMap<>();
        exporters.forEach(a -> expected.computeIfAbsent(a, x -> new TreeSet<>()).add("roles/monitoring.metricWriter"));
        expected.computeIfAbsent("google_service_account.report", x -> new TreeSet<>()).add("roles/datastore.user");
        expected.computeIfAbsent("google_service_account.builder", x -> new TreeSet<>()).add("roles/logging.logWriter");
        assertThat(projectRoles).as("project-level roles, the deployer's aside").isEqualTo(expected);
    }

    @Test
    void theMonitoringReadsTheMetersUnderTheNamesTheServicesExport() {
        String monitoring = Repository.read("terraform/monitoring.tf");
        String prefix = terraform.locals().get("custom_metrics").asText();
        assertThat(prefix).isEqualTo(CUSTOM_METRICS + "returnsorter");
        Map<String, String> descriptorTypes = new TreeMap<>();
        terraform.locals().get("custom_metric_descriptors").fields().forEachRemaining(e ->
                descriptorTypes.put(e.getKey(), e.getValue().get("type").asText().replace("${local.custom_metrics}", prefix)));

        // Every filter on a custom metric: its type names a meter of the code, and its labels are that meter's tags.
        // One filter a line; an expression inside may hold quotes of its own (custom["alerts"]).
        Matcher filters = Pattern.compile("(?m)^\\s*filter\\s*=\\s*\"(.*)\"\\s*$").matcher(monitoring);
        int checked = 0;
        while (filters.find()) {
            String filter = filters.group(1).replace("\\\"", "\"").replace("${local.custom_metrics}", prefix)
                    .replace("${p}", "p95"); // the latency tile's for expression over p95 and p99
            Matcher descriptor = Pattern.compile("\\$\\{google_monitoring_metric_descriptor\\.custom\\[\"(\\w+)\"]\\.type}").matcher(filter);
            filter = descriptor.replaceAll(m -> descriptorTypes.get(m.group(1)));
            Matcher type = Pattern.compile("metric\\.type = \"(" + Pattern.quote(CUSTOM_METRICS) + "[^\"$]+)").matcher(filter);
            if (!type.find()) {
                continue;
            }
            String typeName = type.group(1);
            Meter meter = meterOf(typeName);
            assertThat(filter).as("custom metrics are written for the generic_task resource").contains("resource.type = \"generic_task\"");
            Matcher label = Pattern.compile("metric\\.label\\.(\\w+)").matcher(filter);
            while (label.find()) {
                assertThat(meter.source()).as(typeName + " has the tag " + label.group(1) + " (" + meter.file() + ")")
                        .contains("\"" + label.group(1) + "\"");
            }
            checked++;
        }
        assertThat(checked).as("filters on the services' meters in monitoring.tf").isEqualTo(7);

        // The declared descriptors: the kind and type the registry writes, the meter's tags as labels.
        terraform.locals().get("custom_metric_descriptors").fields().forEachRemaining(e -> {
            Meter meter = meterOf(descriptorTypes.get(e.getKey()));
            Set<String> labels = new TreeSet<>();
            e.getValue().get("labels").forEach(l -> labels.add(l.asText()));
            Set<String> tags = new TreeSet<>();
            Matcher tag = Pattern.compile("\"([a-z_]+)\",\\s*[^,)]+").matcher(meter.call());
            while (tag.find()) {
                tags.add(tag.group(1));
            }
            assertThat(labels).as(e.getKey() + ": the labels are the tags of " + meter.name() + " in " + meter.file()).isEqualTo(tags);
        });
        Block descriptor = terraform.resource("google_monitoring_metric_descriptor", "custom");
        assertThat(descriptor.text("metric_kind")).as("a step counter or a percentile is written as a GAUGE").isEqualTo("GAUGE");
        assertThat(descriptor.text("value_type")).isEqualTo("DOUBLE");
    }

    /** A meter of the code: its name, the file that registers it and the registering call with its tags. */
    record Meter(String name, String file, String source, String call) {
    }

    /** The meter a Cloud Monitoring type names: slashes back to dots, a timer's statistic dropped. */
    private static Meter meterOf(String type) {
        assertThat(type).startsWith(CUSTOM_METRICS);
        String path = TIMER_STATISTIC.matcher(type.substring(CUSTOM_METRICS.length())).replaceAll("");
        String name = path.replace('/', '.');
        for (String module : MODULE_OF_IMAGE.values()) {
            try (var files = java.nio.file.Files.walk(Repository.root().resolve(module).resolve("src/main/java"))) {
                for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String source = java.nio.file.Files.readString(file);
                    Matcher constant = Pattern.compile("(\\w+) = \"" + Pattern.quote(name) + "\"").matcher(source);
                    if (constant.find()) {
                        Matcher call = Pattern.compile("(?:counter|builder)\\(" + constant.group(1) + "\\b[^;]*").matcher(source);
                        return new Meter(name, file.toString(), source, call.find() ? call.group() : "");
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        throw new AssertionError(type + " names no meter of the services (no constant \"" + name + "\" in their sources)");
    }

    @Test
    void everyFirestoreQueryOfTheReadmeHasItsCompositeIndex() {
        List<ReadmeQueries.Query> queries = ReadmeQueries.parse(Repository.read("README.md"));
        assertThat(queries).as("the README's Firestore query table").hasSizeGreaterThanOrEqualTo(5);
        Map<String, List<String>> declared = new TreeMap<>();
        for (Block index : terraform.resources("google_firestore_index")) {
            assertThat(index.text("query_scope")).isEqualTo("COLLECTION");
            List<String> fields = new ArrayList<>();
            index.body().get("fields").forEach(f -> fields.add(f.get("field_path").asText() + " "
                    + (f.get("order").asText().equals("ASCENDING") ? "ASC" : "DESC")));
            declared.put(index.text("collection") + ": " + String.join(", ", fields), List.of(index.address()));
        }
        Set<String> needed = new TreeSet<>();
        for (ReadmeQueries.Query query : queries) {
            assertThat(query.statedIndex()).as("the README's index for \"" + query.name() + "\" is the one its filters need")
                    .isEqualTo(query.neededIndex());
            query.neededIndex().ifPresent(index -> {
                needed.add(index);
                assertThat(declared).as("terraform has the index of \"" + query.name() + "\"").containsKey(index);
            });
        }
        assertThat(needed).as("every index in terraform serves a query of the README").containsAll(declared.keySet());
    }

    @Test
    void theBatchRequestOutlastsItsWorkBudgetAndTheAckDeadlineCoversIt() {
        Block batch = terraform.resource("google_cloud_run_v2_service", "batch");
        long timeout = seconds(resolve(Terraform.nested(batch.body(), "template", "timeout").asText()));
        long budget = seconds(resolve(terraform.locals().get("batch_env").get("BATCH_TIME_BUDGET").asText()));
        assertThat(timeout).as("the request timeout leaves room after the work budget").isGreaterThan(budget + 60);
        // Every subscription that pushes to the batch (batch-trigger, batch-shard, any added later), as declared.
        List<Block> toBatch = terraform.resources("google_pubsub_subscription").stream()
                .filter(sub -> sub.body().has("push_config") && "google_cloud_run_v2_service.batch".equals(
                        referencedService(Terraform.nested(sub.body(), "push_config").path("push_endpoint").asText())))
                .toList();
        assertThat(toBatch).as("subscriptions pushing to the batch service").hasSizeGreaterThanOrEqualTo(2);
        for (Block sub : toBatch) {
            long ackDeadline = sub.body().get("ack_deadline_seconds").asLong();
            assertThat(ackDeadline).as(sub.address() + ": Pub/Sub waits as long as the request may take")
                    .isGreaterThanOrEqualTo(timeout);
            assertThat(ackDeadline).as(sub.address() + ": Pub/Sub's largest ack deadline").isLessThanOrEqualTo(600);
        }
    }

    @Test
    void thePredictServiceStartsFastAndIsProbedOnItsHealthEndpoint() {
        JsonNode template = Terraform.nested(terraform.resource("google_cloud_run_v2_service", "predict").body(), "template");
        assertThat(template.get("max_instance_request_concurrency").asInt()).isEqualTo(80);
        assertThat(Terraform.nested(template, "scaling", "min_instance_count").asInt()).isZero();
        assertThat(Terraform.nested(template, "scaling", "max_instance_count").asText()).isEqualTo("${var.predict_max_instances}");
        JsonNode container = Terraform.nested(template, "containers");
        assertThat(Terraform.nested(container, "resources", "startup_cpu_boost").asBoolean()).isTrue();
        assertThat(Terraform.nested(container, "startup_probe", "http_get", "path").asText()).isEqualTo("/health");
        assertThat(Terraform.nested(container, "liveness_probe", "http_get", "path").asText()).isEqualTo("/health");
    }

    /** Where the headers a signed upload URL covers are named (report-function's SignedUploads). */
    static final String SIGNED_UPLOADS = "report-function/src/main/java/com/returnsorter/report/upload/SignedUploads.java";

    @Test
    void theReportServiceSignsUploadUrlsAsItselfAndTheBucketLetsTheUploadPagePutThere() {
        assertThat(terraform.locals().get("report_env").path("WORKSPACE_UPLOAD_MODE").asText())
                .as("the upload page PUTs straight to the bucket on Cloud Run").isEqualTo("signed-url");

        // signBlob on its own account: a grant on that account, to that account, and nobody holds the role on the project.
        List<Block> signers = terraform.resources("google_service_account_iam_member").stream()
                .filter(g -> "roles/iam.serviceAccountTokenCreator".equals(g.text("role"))
                        && "google_service_account.report.member".equals(Terraform.soleExpression(g.body().get("member"))))
                .toList();
        assertThat(signers).as("the report account may sign as itself").singleElement()
                .satisfies(g -> assertThat(Terraform.soleExpression(g.body().get("service_account_id")))
                        .as(g.address() + " is granted on the report account itself").isEqualTo("google_service_account.report.name"));
        for (Block grant : terraform.resources()) {
            if (grant.type().startsWith("google_project_iam_")) {
                assertThat(grant.text("role")).as(grant.address() + ": token creator only on an account, never the project")
                        .isNotEqualTo("roles/iam.serviceAccountTokenCreator");
            }
        }

        // A signed URL acts with the signer's permissions: the report account creates objects in the bucket.
        List<String> reportRoles = terraform.resources("google_storage_bucket_iam_member").stream()
                .filter(g -> "google_service_account.report.member".equals(Terraform.soleExpression(g.body().get("member"))))
                .map(g -> g.text("role")).toList();
        assertThat(reportRoles).as("the report account's roles on the bucket").containsAnyOf("roles/storage.objectUser",
                "roles/storage.objectAdmin");

        // The bucket answers the browser's CORS preflight from the service's own origin, for PUT with the signed headers.
        JsonNode cors = Terraform.nested(terraform.resource("google_storage_bucket", "returns").body(), "cors");
        assertThat(cors).as("a CORS rule on the returns bucket").isNotNull();
        List<String> origins = new ArrayList<>();
        cors.get("origin").forEach(o -> origins.add(o.asText()));
        assertThat(origins).as("the only origin is the people-facing report service").containsExactly("${local.report_url}");
        assertThat(terraform.locals().get("report_people_env").path("PUSH_AUDIENCE").asText()).isEqualTo("${local.report_url}");
        List<String> methods = new ArrayList<>();
        cors.get("method").forEach(m -> methods.add(m.asText()));
        assertThat(methods).containsExactly("PUT");
        Set<String> allowed = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        cors.get("response_header").forEach(h -> allowed.add(h.asText()));
        Matcher signed = Pattern.compile("headers\\.put\\(\"([a-z0-9-]+)\"").matcher(Repository.read(SIGNED_UPLOADS));
        Set<String> signedHeaders = new TreeSet<>();
        while (signed.find()) {
            signedHeaders.add(signed.group(1));
        }
        assertThat(signedHeaders).as("headers named in " + SIGNED_UPLOADS).contains("x-goog-if-generation-match",
                "x-goog-content-length-range", "content-type");
        assertThat(allowed).as("the CORS rule allows every header the signed PUT carries").containsAll(signedHeaders);
        assertThat(cors.path("max_age_seconds").asInt()).as("preflights are cached").isPositive();
    }

    @Test
    void classifyNowCallsThePrivatePredictServiceWithAnIdentityTokenAsAnInvoker() {
        JsonNode report = terraform.locals().get("report_env");
        assertThat(report.path("PREDICT_URL").asText()).isEqualTo("${google_cloud_run_v2_service.predict.uri}");
        assertThat(report.path("PREDICT_IDENTITY_TOKEN").asText()).isEqualTo("true");
        assertThat(invokers("google_cloud_run_v2_service.predict")).as("accounts that may call predict")
                .contains("google_service_account.report", "google_service_account.batch");
        assertThat(terraform.locals().get("report_secret_env").path("PREDICT_API_KEY").asText())
                .as("the workspace's own predict key").contains("secrets[\"workspace-predict-key\"]");
        // Both callers of predict use the one mechanism: the same setting, read by service-support's IdentityTokens.
        assertThat(terraform.locals().get("batch_env").path("PREDICT_IDENTITY_TOKEN").asText()).isEqualTo("true");
    }

    @Test
    void theBucketIsPrivateAndForgetsWhatTheLayoutSaysItMay() {
        Block bucket = terraform.resource("google_storage_bucket", "returns");
        assertThat(bucket.body().get("uniform_bucket_level_access").asBoolean()).isTrue();
        assertThat(bucket.text("public_access_prevention")).isEqualTo("enforced");
        Map<String, Integer> ageByPrefix = new TreeMap<>();
        bucket.body().get("lifecycle_rule").forEach(rule -> {
            JsonNode condition = Terraform.nested(rule, "condition");
            assertThat(Terraform.nested(rule, "action", "type").asText()).isEqualTo("Delete");
            // A rule without a prefix is the business of noLifecycleRuleDeletesAPhotoBeforeAPersonDecided.
            condition.path("matches_prefix").forEach(p -> ageByPrefix.put(p.asText(), days(condition.get("age"))));
        });
        Map<String, Integer> expected = Map.of("PROCESSED", 30, "REPORTS", 90);
        expected.forEach((constant, days) ->
                assertThat(ageByPrefix).as("lifecycle of " + layout(constant)).containsEntry(layout(constant), days));
    }

    @Test
    void noLifecycleRuleDeletesAPhotoBeforeAPersonDecided() {
        // incoming/: not sorted yet; review/: waiting for a decision; rejected/: unreadable photos and
        // rejections, which a person handles too. Only the review-backlog alert speaks for old ones.
        List<String> undecided = List.of(layout("INCOMING"), layout("REVIEW"), layout("REJECTED"));
        Block bucket = terraform.resource("google_storage_bucket", "returns");
        JsonNode rules = bucket.body().path("lifecycle_rule");
        assertThat(rules.isMissingNode() || rules.isArray()).isTrue();
        for (JsonNode rule : rules) {
            String action = Terraform.nested(rule, "action", "type").asText();
            JsonNode prefixes = Terraform.nested(rule, "condition", "matches_prefix");
            assertThat(prefixes != null && prefixes.isArray() && !prefixes.isEmpty())
                    .as("a lifecycle rule (" + action + ") without matches_prefix reaches every object, " + undecided + " too").isTrue();
            for (JsonNode prefix : prefixes) {
                String p = prefix.asText();
                assertThat(p).as("a lifecycle prefix is literal text").doesNotContain("${");
                for (String photos : undecided) {
                    assertThat(p.startsWith(photos) || photos.startsWith(p))
                            .as("lifecycle rule (" + action + ") on \"" + p + "\" reaches " + photos + ", whose photos wait for a person").isFalse();
                }
            }
        }
    }

    @Test
    void pushesNeverReachThePeopleFacingServiceAndPeopleSignInThroughIap() {
        Set<String> pushTargets = new TreeSet<>();
        for (Block sub : terraform.resources("google_pubsub_subscription")) {
            JsonNode push = Terraform.nested(sub.body(), "push_config");
            if (push != null) {
                pushTargets.add(referencedService(push.path("push_endpoint").asText()));
            }
        }
        List<Block> peopleFacing = terraform.resources("google_cloud_run_v2_service").stream()
                .filter(s -> s.body().path("iap_enabled").asBoolean(false)).toList();
        assertThat(peopleFacing).extracting(s -> s.text("name")).as("IAP stands in front of the report pages").containsExactly("report-function");
        Block report = peopleFacing.get(0);
        assertThat(pushTargets).as("no subscription pushes to the IAP-protected, people-facing service").doesNotContain(report.address());

        Set<String> allowedPushInvokers = Set.of("google_service_account.pubsub_push.member", "local.monitoring_agent");
        for (String target : pushTargets) {
            Block service = terraform.block(target).orElseThrow();
            assertThat(service.body().path("iap_enabled").asBoolean(false)).as(target + " receives pushes and is no people's page").isFalse();
            assertThat(invokerMembers(target)).as(target + " receives pushes: only the push account (and the uptime check) may call it")
                    .isNotEmpty().isSubsetOf(allowedPushInvokers);
            assertThat(terraform.resources("google_iap_web_cloud_run_service_iam_member"))
                    .as("no IAP access to " + target).noneMatch(g -> Objects.equals(Terraform.soleExpression(
                            g.body().get("cloud_run_service_name")), target + ".name"));
        }

        assertThat(invokerMembers(report.address())).as("only IAP's agent invokes the people-facing service").containsExactly("local.iap_agent");
        assertThat(terraform.locals().get("iap_agent").asText()).contains("@gcp-sa-iap.iam.gserviceaccount.com");
        List<Block> viewers = terraform.resources("google_iap_web_cloud_run_service_iam_member");
        assertThat(viewers).as("dashboard_viewers get IAP access to the pages").anyMatch(g ->
                Objects.equals(Terraform.soleExpression(g.body().get("cloud_run_service_name")), report.address() + ".name")
                        && "roles/iap.httpsResourceAccessor".equals(g.text("role"))
                        && g.body().path("for_each").asText().contains("var.dashboard_viewers"));
        for (Block grant : terraform.resources("google_cloud_run_v2_service_iam_member")) {
            assertThat(grant.body().toString()).as(grant.address() + ": dashboard_viewers hold no run.invoker").doesNotContain("var.dashboard_viewers");
        }
        String iapAudience = Terraform.soleExpression(textNode(environmentOf(report).get("IAP_AUDIENCE")));
        assertThat(iapAudience).as("report-function's IAP_AUDIENCE").isNotNull().startsWith("local.");
        assertThat(terraform.locals().get(iapAudience.substring("local.".length())).asText()).as("IAP's audience of a Cloud Run service")
                .isEqualTo("/projects/${data.google_project.this.number}/locations/${var.region}/services/" + report.text("name"));
    }

    @Test
    void theMissedRunAlertCountsTheBatchsOwnLogLineNotTheReportService() {
        Block metric = terraform.resource("google_logging_metric", "finished_runs");
        String filter = metric.text("filter");
        Matcher logger = Pattern.compile("jsonPayload\\.logger=\"([\\w.]+)\"").matcher(filter);
        Matcher message = Pattern.compile("jsonPayload\\.message=~\"\\^([^\"]+)\"").matcher(filter);
        Matcher service = Pattern.compile("resource\\.labels\\.service_name=\"([\\w-]+)\"").matcher(filter);
        assertThat(logger.find() && message.find() && service.find()).as("the metric filters on service, logger and message: " + filter).isTrue();
        assertThat(service.group(1)).as("the metric counts the batch's lines, not the report service's")
                .isEqualTo(terraform.resource("google_cloud_run_v2_service", "batch").text("name"));
        String module = "batch-trigger-function";
        String source = Repository.read(module + "/src/main/java/" + logger.group(1).replace('.', '/') + ".java");
        String logged = message.group(1).replace("\\\\", "\\");
        assertThat(source).as(logger.group(1) + " logs the line the metric counts").contains("LOG.info(\"" + logged);
        // StackdriverJsonLayout puts the formatted text in "message" and the logger's name in "logger".
        assertThat(Repository.read(module + "/src/main/resources/logback.xml")).contains("io.micronaut.gcp.logging.StackdriverJsonLayout")
                .contains("${LOG_FORMAT:-TEXT}");
        assertThat(terraform.locals().get("batch_env").get("LOG_FORMAT").asText()).isEqualTo("JSON");

        Block policy = terraform.resource("google_monitoring_alert_policy", "missed_run");
        JsonNode absent = Terraform.nested(policy.body(), "conditions", "condition_absent");
        assertThat(absent).as("an absence condition").isNotNull();
        assertThat(absent.get("filter").asText()).contains("logging.googleapis.com/user/${google_logging_metric.finished_runs.name}")
                .doesNotContain("report");
        long absence = seconds(resolve(absent.get("duration").asText()));
        long window = seconds(resolve(Terraform.nested(absent, "aggregations", "alignment_period").asText()));
        assertThat(absence).as("Cloud Monitoring allows at most 23.5 h of absence").isLessThanOrEqualTo(84600);
        long missedRunHours = terraform.variables().get("alert_missed_run_hours").get("default").asLong();
        assertThat(absence + window).as("window + absence = the missed-run time of the app's own rule").isEqualTo(missedRunHours * 3600);
        assertThat(policy.text("notification_channels")).contains("google_monitoring_notification_channel.email");
    }

    @Test
    void everyServiceButTheIapOneHasAnAuthenticatedUptimeCheck() {
        Set<String> checked = terraform.literalKeys(terraform.locals().get("uptime_checked_services"));
        Set<String> expected = new TreeSet<>();
        for (Block service : terraform.resources("google_cloud_run_v2_service")) {
            if (!service.body().path("iap_enabled").asBoolean(false)) {
                expected.add(service.name());
            }
        }
        assertThat(checked).as("uptime checks cover every service but the IAP-protected one").isEqualTo(expected);
        Block check = terraform.resource("google_monitoring_uptime_check_config", "health");
        assertThat(Terraform.nested(check.body(), "http_check", "path").asText()).isEqualTo("/health");
        assertThat(Terraform.nested(check.body(), "http_check", "service_agent_authentication", "type").asText()).isEqualTo("OIDC_TOKEN");
        assertThat(Terraform.nested(check.body(), "monitored_resource", "type").asText()).isEqualTo("cloud_run_revision");
        Block invoker = terraform.resource("google_cloud_run_v2_service_iam_member", "uptime_checks");
        assertThat(invoker.text("for_each")).isEqualTo("${local.uptime_checked_services}");
        assertThat(invoker.text("member")).isEqualTo("${local.monitoring_agent}");
        assertThat(terraform.locals().get("monitoring_agent").asText()).contains("@gcp-sa-monitoring-notification.iam.gserviceaccount.com");
    }

    @Test
    void theScheduleAndTimeZoneAreOneSettingForTheJobAndTheServices() {
        Block nightly = terraform.resource("google_cloud_scheduler_job", "nightly");
        assertThat(nightly.text("schedule")).isEqualTo("${var.schedule}");
        assertThat(nightly.text("time_zone")).isEqualTo("${var.time_zone}");
        assertThat(Terraform.soleExpression(Terraform.nested(nightly.body(), "pubsub_target", "topic_name")))
                .isEqualTo("google_pubsub_topic.batch_trigger.id");
        assertThat(terraform.locals().get("report_env").get("SCHEDULE").asText()).isEqualTo("${var.schedule}");
        assertThat(terraform.locals().get("report_env").get("REPORT_TIME_ZONE").asText()).isEqualTo("${var.time_zone}");
        assertThat(terraform.locals().get("batch_env").get("REPORT_TIME_ZONE").asText()).isEqualTo("${var.time_zone}");
        assertThat(Terraform.soleExpression(Terraform.nested(terraform.resource("google_cloud_scheduler_job", "watchdog").body(),
                "pubsub_target", "topic_name"))).isEqualTo("google_pubsub_topic.watchdog.id");
    }

    // --- helpers -------------------------------------------------------------------------------

    /** Terraform's values with a placeholder for each string variable without a default (project id, image tags). */
    private static TerraformValues planValues() {
        Map<String, Object> given = new TreeMap<>();
        terraform.variables().forEach((name, body) -> {
            if (!body.has("default")) {
                given.put(name, body.path("type").asText().equals("${string}") ? "plan-" + name : List.of());
            }
        });
        return new TerraformValues(terraform, given, (address, key, attribute) -> null);
    }

    private static String moduleOf(Block service) {
        String image = Terraform.soleExpression(Terraform.nested(service.body(), "template", "containers", "image"));
        assertThat(MODULE_OF_IMAGE).as(service.address() + " runs one of the project's images").containsKey(image);
        return MODULE_OF_IMAGE.get(image);
    }

    private static String layout(String constant) {
        String layout = Repository.read("batch-trigger-function/src/main/java/com/returnsorter/batch/run/Layout.java");
        Matcher m = Pattern.compile(constant + " = \"([^\"]+)\"").matcher(layout);
        assertThat(m.find()).as("Layout." + constant).isTrue();
        return m.group(1);
    }

    /** A whole number, or ${var.x} with a number as its default. */
    private static int days(JsonNode value) {
        String text = value.asText();
        Matcher variable = Pattern.compile("^\\$\\{var\\.(\\w+)}$").matcher(text);
        return variable.matches() ? terraform.variables().get(variable.group(1)).get("default").asInt() : Integer.parseInt(text);
    }

    private static JsonNode textNode(String text) {
        return text == null ? null : com.fasterxml.jackson.databind.node.TextNode.valueOf(text);
    }

    /** The members (as expressions or literal text) granted run.invoker on a service. */
    private static Set<String> invokerMembers(String service) {
        Set<String> members = new TreeSet<>();
        for (Block grant : terraform.resources("google_cloud_run_v2_service_iam_member")) {
            String name = Terraform.soleExpression(grant.body().get("name"));
            boolean onService = Objects.equals(name, service + ".name")
                    || (Objects.equals(name, "each.value") && grant.body().path("for_each").toString().contains(service + ".name"))
                    || (Objects.equals(name, "each.value") && Objects.equals(Terraform.soleExpression(grant.body().get("for_each")), "local.uptime_checked_services")
                    && terraform.locals().get("uptime_checked_services").toString().contains(service + ".name"));
            if (onService && "roles/run.invoker".equals(grant.text("role"))) {
                String member = grant.text("member");
                String expression = Terraform.soleExpression(grant.body().get("member"));
                members.add(expression != null ? expression : member);
            }
        }
        return members;
    }

    /** Environment variable name -> value (source text) of a service's container, static and dynamic env blocks. */
    private static Map<String, String> environmentOf(Block service) {
        JsonNode container = Terraform.nested(service.body(), "template", "containers");
        Map<String, String> env = new TreeMap<>();
        if (container.has("env")) {
            container.get("env").forEach(e -> env.put(e.get("name").asText(), e.path("value").asText(null)));
        }
        JsonNode dynamic = container.path("dynamic").path("env");
        dynamic.forEach(block -> {
            JsonNode map = mapOf(block.get("for_each"));
            map.fields().forEachRemaining(e -> {
                assertThat(env.put(e.getKey(), e.getValue().asText())).as(service.address() + " sets " + e.getKey() + " twice").isNull();
            });
        });
        return env;
    }

    private static List<String> secretsOf(Block service) {
        JsonNode container = Terraform.nested(service.body(), "template", "containers");
        List<String> secrets = new ArrayList<>();
        container.path("dynamic").path("env").forEach(block -> {
            if (Terraform.nested(block, "content", "value_source") != null) {
                mapOf(block.get("for_each")).fields().forEachRemaining(e -> {
                    Matcher key = Pattern.compile("secrets\\[\"([^\"]+)\"]").matcher(e.getValue().asText());
                    assertThat(key.find()).as(e.getKey() + " comes from a secret of google_secret_manager_secret.secrets").isTrue();
                    secrets.add(key.group(1));
                });
            }
        });
        return secrets;
    }

    private static JsonNode mapOf(JsonNode forEach) {
        String local = Terraform.soleExpression(forEach);
        assertThat(local).as("a dynamic env block iterates over a local map").startsWith("local.");
        return terraform.locals().get(local.substring("local.".length()));
    }

    /** google_service_account.x from "google_service_account.x.email" / ".member", else null. */
    private static String serviceAccountOf(String expression) {
        if (expression == null) {
            return null;
        }
        Matcher m = Pattern.compile("^(google_service_account\\.\\w+)\\.(email|member)$").matcher(expression);
        return m.matches() ? m.group(1) : null;
    }

    private static String referencedService(String text) {
        Matcher m = Pattern.compile("\\$\\{(google_cloud_run_v2_service\\.\\w+)\\.uri}").matcher(text);
        return m.find() ? m.group(1) : null;
    }

    /** The service accounts granted run.invoker on a service. */
    private static Set<String> invokers(String service) {
        Set<String> accounts = new TreeSet<>();
        for (Block grant : terraform.resources("google_cloud_run_v2_service_iam_member")) {
            if (Objects.equals(Terraform.soleExpression(grant.body().get("name")), service + ".name")
                    && "roles/run.invoker".equals(grant.text("role"))) {
                String account = serviceAccountOf(Terraform.soleExpression(grant.body().get("member")));
                if (account != null) {
                    accounts.add(account);
                }
            }
        }
        return accounts;
    }

    /** Replaces ${local.x} by the local's literal value. */
    private static String resolve(String text) {
        Matcher m = Pattern.compile("\\$\\{local\\.(\\w+)}").matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, terraform.locals().get(m.group(1)).asText());
        }
        return m.appendTail(out).toString();
    }

    private static long seconds(String duration) {
        Matcher m = Pattern.compile("^(\\d+)(s|m)$").matcher(duration);
        assertThat(m.matches()).as("a duration in s or m: " + duration).isTrue();
        return Long.parseLong(m.group(1)) * (m.group(2).equals("m") ? 60 : 1);
    }
}
