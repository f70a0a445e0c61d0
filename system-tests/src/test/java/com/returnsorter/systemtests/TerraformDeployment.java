package com.returnsorter.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.returnsorter.testing.Terraform;
import com.returnsorter.testing.Terraform.Block;
import com.returnsorter.testing.TerraformValues;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What terraform/ deploys, evaluated for one installation whose computed attributes are what Google would
 * make of them: a service account's {@code email} from its {@code account_id}, a topic's {@code id} its path
 * in the emulator's project, a Cloud Run service's {@code uri} its main URL
 * ({@code https://<name>-<hash>.a.run.app}). Everything else (names, environment, ack deadlines, scheduler
 * messages) comes from terraform's own expressions, through {@link TerraformValues}.
 *
 * <p>A Cloud Run URL is two things: an address something dials, and an identity a token is issued for.
 * Where it is dialled (a push endpoint, an environment variable such as {@code PREDICT_URL}) either of a
 * service's URLs (its main URL, and the deterministic {@code https://<name>-<project number>.<region>.run.app})
 * becomes the local URL of the process standing in for it. Where it is an identity (a subscription's
 * {@code oidc_token.audience}, a variable named {@code *_AUDIENCE}) it stays as declared, so an audience written
 * with one URL form in the subscription and the other in the service shows as the 403 it would be on GCP.
 */
final class TerraformDeployment {

    /** The project number Google would give; it appears in Cloud Run's deterministic URLs. */
    static final String PROJECT_NUMBER = "123456789012";
    /** The hash part of a service's main URL (Google picks one per service). */
    static final String MAIN_URL_HASH = "x7kq2vz3ma-ew";

    record Service(String address, String name, String module, String serviceAccount, Map<String, String> environment,
                   Map<String, String> secretEnvironment, String readyPath, URI localUrl) {
    }

    record Topic(String address, String name) {
    }

    record Subscription(String address, String name, String topic, int ackDeadlineSeconds, String retention,
                        String pushEndpoint, String oidcServiceAccount, String oidcAudience,
                        String minimumBackoff, String maximumBackoff, String deadLetterTopic, int maxDeliveryAttempts,
                        boolean neverExpires) {
        boolean push() {
            return pushEndpoint != null;
        }
    }

    record SchedulerJob(String address, String name, String schedule, String topic, byte[] data) {
        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    private static final Pattern TOPIC_ID = Pattern.compile("^projects/[^/]+/topics/([^/]+)$");

    private final Terraform terraform;
    private final String project;
    private final Map<String, URI> localUrls = new LinkedHashMap<>();
    private final Map<String, String> serviceNames = new LinkedHashMap<>();
    private final TerraformValues values;
    private final String region;

    /**
     * @param variables   values of the variables that have no default
     * @param portOf      the local port of each Cloud Run service, by resource address
     */
    TerraformDeployment(Terraform terraform, Map<String, ?> variables, Map<String, Integer> portOf) {
        this.terraform = terraform;
        this.values = new TerraformValues(terraform, variables, this::computed);
        this.project = String.valueOf(values.variable("project_id"));
        this.region = String.valueOf(values.variable("region"));
        for (Block service : terraform.resources("google_cloud_run_v2_service")) {
            Integer port = Objects.requireNonNull(portOf.get(service.address()), "no port for " + service.address());
            localUrls.put(service.address(), URI.create("http://127.0.0.1:" + port));
            serviceNames.put(service.address(), values.string(service.body().get("name")));
        }
    }

    TerraformValues values() {
        return values;
    }

    String project() {
        return project;
    }

    List<Service> services() {
        List<Service> services = new ArrayList<>();
        for (Block block : terraform.resources("google_cloud_run_v2_service")) {
            JsonNode container = Terraform.nested(block.body(), "template", "containers");
            Map<String, String> plain = new TreeMap<>();
            Map<String, String> secrets = new TreeMap<>();
            if (container.has("env")) {
                container.get("env").forEach(env -> putEnv(block, env, Map.of(), plain, secrets));
            }
            // dynamic "env" { for_each = local.x; content { name = env.key; value = env.value | value_source {...} } }
            container.path("dynamic").path("env").forEach(dynamic -> {
                Object forEach = values.evaluate(dynamic.get("for_each"));
                if (!(forEach instanceof Map<?, ?> map)) {
                    throw new IllegalArgumentException(block.address() + ": a dynamic env block over something not a map");
                }
                String iterator = dynamic.has("iterator") ? values.string(dynamic.get("iterator")) : "env";
                JsonNode content = Terraform.nested(dynamic, "content");
                map.forEach((key, value) -> putEnv(block, content,
                        Map.of(iterator, Map.of("key", key, "value", value)), plain, secrets));
            });
            JsonNode probe = Terraform.nested(container, "startup_probe", "http_get", "path");
            JsonNode account = Terraform.nested(block.body(), "template", "service_account");
            services.add(new Service(block.address(), serviceNames.get(block.address()), values.moduleOf(block),
                    account == null ? null : values.string(account), plain, secrets, probe == null ? "/" : values.string(probe), localUrls.get(block.address())));
        }
        return services;
    }

    private void putEnv(Block service, JsonNode env, Map<String, Object> scope, Map<String, String> plain,
                        Map<String, String> secrets) {
        String name = values.string(env.get("name"), scope);
        JsonNode secret = Terraform.nested(env, "value_source", "secret_key_ref", "secret");
        boolean fresh = secret != null
                ? secrets.put(name, values.string(secret, scope)) == null && !plain.containsKey(name)
                : plain.put(name, name.endsWith("_AUDIENCE") ? values.string(env.get("value"), scope)
                        : localized(values.string(env.get("value"), scope))) == null && !secrets.containsKey(name);
        if (!fresh) {
            throw new IllegalArgumentException(service.address() + " sets " + name + " twice");
        }
    }

    List<Topic> topics() {
        return terraform.resources("google_pubsub_topic").stream()
                .map(t -> new Topic(t.address(), values.string(t.body().get("name")))).toList();
    }

    List<Subscription> subscriptions() {
        List<Subscription> subscriptions = new ArrayList<>();
        for (Block sub : terraform.resources("google_pubsub_subscription")) {
            JsonNode body = sub.body();
            JsonNode push = Terraform.nested(body, "push_config");
            JsonNode oidc = push == null ? null : Terraform.nested(push, "oidc_token");
            JsonNode retry = Terraform.nested(body, "retry_policy");
            JsonNode deadLetter = Terraform.nested(body, "dead_letter_policy");
            JsonNode expiration = Terraform.nested(body, "expiration_policy");
            subscriptions.add(new Subscription(sub.address(), values.string(body.get("name")),
                    topicName(values.string(body.get("topic"))),
                    body.has("ack_deadline_seconds") ? Integer.parseInt(values.string(body.get("ack_deadline_seconds"))) : 10,
                    body.has("message_retention_duration") ? values.string(body.get("message_retention_duration")) : null,
                    push == null ? null : localized(values.string(push.get("push_endpoint"))),
                    oidc == null ? null : values.string(oidc.get("service_account_email")),
                    oidc == null || !oidc.has("audience") ? null : values.string(oidc.get("audience")),
                    retry == null ? null : values.string(retry.get("minimum_backoff")),
                    retry == null ? null : values.string(retry.get("maximum_backoff")),
                    deadLetter == null ? null : topicName(values.string(deadLetter.get("dead_letter_topic"))),
                    deadLetter == null ? 0 : Integer.parseInt(values.string(deadLetter.get("max_delivery_attempts"))),
                    expiration != null && "".equals(values.string(expiration.get("ttl")))));
        }
        return subscriptions;
    }

    List<SchedulerJob> schedulerJobs() {
        List<SchedulerJob> jobs = new ArrayList<>();
        for (Block job : terraform.resources("google_cloud_scheduler_job")) {
            JsonNode target = Terraform.nested(job.body(), "pubsub_target");
            if (target == null) {
                throw new IllegalArgumentException(job.address() + " has no pubsub_target: the system test only knows "
                        + "scheduler jobs that publish");
            }
            byte[] data = target.has("data") ? Base64.getDecoder().decode(values.string(target.get("data"))) : new byte[0];
            jobs.add(new SchedulerJob(job.address(), values.string(job.body().get("name")),
                    values.string(job.body().get("schedule")), topicName(values.string(target.get("topic_name"))), data));
        }
        return jobs;
    }

    /** The service a push endpoint reaches: the one whose local URL it starts with. */
    Service serviceAt(String endpoint) {
        return services().stream().filter(s -> endpoint.startsWith(s.localUrl().toString() + "/"))
                .findFirst().orElse(null);
    }

    /** A topic's short name from its id ({@code projects/p/topics/x}) or name. */
    private String topicName(String idOrName) {
        Matcher m = TOPIC_ID.matcher(idOrName);
        return m.matches() ? m.group(1) : idOrName;
    }

    /**
     * An address: either URL of a declared service (its main URL, or the deterministic
     * {@code https://<name>-<project number>.<region>.run.app} terraform may write by hand to avoid a cycle)
     * becomes that service's local URL.
     */
    private String localized(String value) {
        String result = value;
        for (Map.Entry<String, String> service : serviceNames.entrySet()) {
            String local = localUrls.get(service.getKey()).toString();
            result = result.replace(deterministicUrl(service.getValue()), local).replace(mainUrl(service.getValue()), local);
        }
        return result;
    }

    private String deterministicUrl(String serviceName) {
        return "https://" + serviceName + "-" + PROJECT_NUMBER + "." + region + ".run.app";
    }

    /** What Cloud Run reports as a service's {@code uri}: a URL with a hash Google picks. */
    private static String mainUrl(String serviceName) {
        return "https://" + serviceName + "-" + MAIN_URL_HASH + ".a.run.app";
    }

    /** The attributes only apply would know, as this machine's equivalents. */
    private Object computed(String address, String key, String attribute) {
        String type = address.startsWith("data.") ? address.substring(5, address.lastIndexOf('.'))
                : address.substring(0, address.indexOf('.'));
        Block block = terraform.block(address).orElse(null);
        return switch (type + "." + attribute) {
            case "google_project.number" -> PROJECT_NUMBER;
            case "google_project.project_id" -> project;
            case "google_service_account.email" -> email(block);
            case "google_service_account.member" -> "serviceAccount:" + email(block);
            case "google_service_account.name", "google_service_account.id" ->
                    "projects/" + project + "/serviceAccounts/" + email(block);
            case "google_cloud_run_v2_service.uri" -> mainUrl(values.string(block.body().get("name")));
            case "google_pubsub_topic.id" -> "projects/" + project + "/topics/" + values.string(block.body().get("name"));
            case "google_pubsub_subscription.id" ->
                    "projects/" + project + "/subscriptions/" + values.string(block.body().get("name"));
            case "google_secret_manager_secret.id" -> "projects/" + project + "/secrets/" + key;
            case "google_firestore_database.id" ->
                    "projects/" + project + "/databases/" + values.string(block.body().get("name"));
            case "google_storage_bucket.url" -> "gs://" + values.string(block.body().get("name"));
            default -> null; // the block's own attribute
        };
    }

    private String email(Block account) {
        return values.string(account.body().get("account_id")) + "@" + project + ".iam.gserviceaccount.com";
    }
}
