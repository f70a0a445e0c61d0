package com.returnsorter.systemtests;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.protobuf.util.Durations;
import com.google.pubsub.v1.DeadLetterPolicy;
import com.google.pubsub.v1.ExpirationPolicy;
import com.google.pubsub.v1.PushConfig;
import com.google.pubsub.v1.RetryPolicy;
import com.google.pubsub.v1.Subscription;
import com.returnsorter.systemtests.TerraformDeployment.SchedulerJob;
import com.returnsorter.systemtests.TerraformDeployment.Service;
import com.returnsorter.testing.FirestoreEmulator;
import com.returnsorter.testing.LocalOidcIssuer;
import com.returnsorter.testing.PubSubEmulator;
import com.returnsorter.testing.ServiceProcess;
import com.returnsorter.testing.ServiceSources;
import com.returnsorter.testing.SlackWebhookServer;
import com.returnsorter.testing.Terraform;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The nightly pipeline as terraform/ declares it. Nothing about the deployment is written here: the topics,
 * the subscriptions (names, push endpoints, OIDC identity and audience, ack deadlines, retry and dead-letter
 * policies), every Cloud Run service with the image it runs and the environment it gets, and the scheduler
 * jobs' messages are read from the parsed terraform files ({@link TerraformDeployment}) and set up in the
 * Pub/Sub emulator and as processes started from the services' shaded jars. Only what cannot exist on this
 * machine is replaced, each replacement listed in {@link #plumbing}: secrets get test values, Cloud Storage
 * is a local directory per bucket name, emulators stand in for Pub/Sub and Firestore, a relay adds the OIDC
 * token Google's push would carry, a metadata server issues the batch's identity tokens.
 *
 * <p>Then the nightly job's message goes to the topic the job names, and the bucket must be sorted, the run
 * recorded in the database terraform gives the report service, and one Slack message sent to the webhook
 * that the secret names. The watchdog job's message goes in after it. A subscription that no
 * {@code @PushSubscription} listens on, a variable the code does not read, a secret or variable the test
 * has no value for, fails this test, saying which.
 */
class TerraformDeclaredChainTest {

    private static final Logger LOG = LoggerFactory.getLogger(TerraformDeclaredChainTest.class);

    private static final Path ROOT = Path.of(System.getProperty("returnsorter.root"));
    private static final String VERSION = System.getProperty("project.version");
    private static final Path WORK = Path.of(System.getProperty("returnsorter.terraform-work",
            "target/terraform-chain")).toAbsolutePath();

    /** Generous: the run of 300 photos takes seconds; the deadline only stops a hung chain. */
    private static final Duration RUN_DEADLINE = Duration.ofMinutes(3);
    private static final Duration PUSH_DEADLINE = Duration.ofMinutes(1);
    /** How long the test listens for a second Slack message or a dead letter. */
    private static final Duration QUIET_PERIOD = Duration.ofSeconds(3);
    private static final int SAMPLE_STRIDE = 8;
    /** Nimbus JWKSourceBuilder's default rate limit (one key-set fetch per 30 s), with a margin. */
    private static final Duration KEY_SET_REFETCH = Duration.ofSeconds(40);
    /** A person who opens the Slack link. */
    private static final String STAFF = "returns-lead@example.com";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String NOT_AN_IMAGE = "zz-delivery-note.jpg";
    /** The scheduler job that starts the nightly run (terraform/scheduler.tf). */
    private static final String NIGHTLY_JOB = "google_cloud_scheduler_job.nightly";

    @RegisterExtension
    static final PubSubEmulator PUBSUB = new PubSubEmulator();
    @RegisterExtension
    static final FirestoreEmulator FIRESTORE = new FirestoreEmulator(PubSubEmulator.DEFAULT_PROJECT_ID);
    @RegisterExtension
    static final LogsOnFailure LOGS_ON_FAILURE = new LogsOnFailure();

    private static final List<ServiceProcess> PROCESSES = new CopyOnWriteArrayList<>();
    private static final List<AutoCloseable> STAND_INS = new CopyOnWriteArrayList<>();

    private static TerraformDeployment deployment;
    private static SlackWebhookServer slack;
    private static PushRelay relay;
    private static LocalOidcIssuer issuer;
    private static final Map<String, MetadataServer> METADATA = new TreeMap<>();
    private static final Map<String, Map<String, String>> ENVIRONMENTS = new TreeMap<>();
    /** Bucket name -> the directory that stands in for it. */
    private static final Map<String, Path> BUCKETS = new TreeMap<>();

    @BeforeAll
    static void deployWhatTerraformDeclares() throws IOException {
        deleteRecursively(WORK);
        Files.createDirectories(WORK);
        PUBSUB.reset();
        FIRESTORE.clear();
        slack = stand(new SlackWebhookServer());
        issuer = stand(LocalOidcIssuer.start());
        relay = stand(new PushRelay((email, audience) -> Optional.of(issuer.idToken(email, audience))));

        Terraform terraform = Terraform.load();
        Map<String, Integer> ports = new LinkedHashMap<>();
        terraform.resources("google_cloud_run_v2_service").forEach(s -> ports.put(s.address(), ServiceProcess.freePort()));
        deployment = new TerraformDeployment(terraform, Map.of(
                "project_id", PUBSUB.projectId(),
                "alert_email_to", List.of("returns-it@example.com"),
                "predict_image_tag", "system-test",
                "batch_image_tag", "system-test",
                "report_image_tag", "system-test"), ports);

        List<Service> services = deployment.services();
        List<TerraformDeployment.Subscription> subscriptions = deployment.subscriptions();
        assertNamesAgreeWithTheCode(services, subscriptions);

        Path logs = Files.createDirectories(WORK.resolve("logs"));
        Map<String, String> secrets = testSecrets();
        for (Service service : services) {
            Map<String, String> environment = new TreeMap<>(service.environment());
            service.secretEnvironment().forEach((variable, secret) -> {
                String value = secrets.get(secret);
                if (value == null) {
                    throw new AssertionError(service.address() + " reads the secret " + secret + " as " + variable
                            + "; the system test has no test value for it: add one to testSecrets()");
                }
                environment.put(variable, value);
            });
            environment.putAll(plumbing(service, environment));
            ENVIRONMENTS.put(service.address(), environment);
            // Named as the Cloud Run service: two services may run one module's jar (report and report-ingest).
            ServiceProcess.Builder builder = ServiceProcess.builder(service.name(),
                    ServiceProcess.moduleJar(ROOT, service.module(), VERSION));
            Path jvmOptions = ROOT.resolve(service.module()).resolve("jvm.options");
            if (Files.isRegularFile(jvmOptions)) {
                builder.jvmOptions(jvmOptions);
            }
            ServiceProcess process = builder
                    .cleanEnvironment()
                    .env(environment)
                    .port(service.localUrl().getPort())
                    .readyPath(service.readyPath())
                    .log(logs.resolve(service.name() + ".log"))
                    .launch();
            PROCESSES.add(process);
        }
        // Started together, waited for together: JVMs start faster side by side than in a row.
        PROCESSES.forEach(ServiceProcess::awaitReady);

        deployment.topics().forEach(topic -> PUBSUB.createTopic(topic.name()));
        subscriptions.forEach(TerraformDeclaredChainTest::createSubscription);
        LOG.info("Deployed as terraform declares: {} topics, {} subscriptions, services {}",
                deployment.topics().size(), subscriptions.size(), PROCESSES);
    }

    @AfterAll
    static void undeploy() {
        List<ServiceProcess> newestFirst = new ArrayList<>(PROCESSES);
        Collections.reverse(newestFirst);
        newestFirst.forEach(ServiceProcess::close);
        for (AutoCloseable standIn : STAND_INS) {
            try {
                standIn.close();
            } catch (Exception e) {
                LOG.warn("closing {}: {}", standIn, e.toString());
            }
        }
    }

    @Test
    void theNightlyJobsMessageSortsTheBucketRecordsTheRunAndSendsOneSlackMessage() throws Exception {
        SchedulerJob nightly = deployment.schedulerJobs().stream().filter(j -> j.address().equals(NIGHTLY_JOB))
                .findFirst().orElseThrow(() -> new AssertionError("terraform declares no " + NIGHTLY_JOB));
        Path bucket = theBucket();
        Set<String> photos = putSampleReturnsIn(bucket.resolve("incoming"));
        Firestore firestore = firestore();

        Instant published = Instant.now();
        PUBSUB.publish(nightly.topic(), nightly.data(), Map.of());
        LOG.info("Published {}'s message {} to {}", nightly.name(), nightly.text(), nightly.topic());

        DocumentSnapshot run = await("a run recorded in Firestore (batchRuns)", RUN_DEADLINE, () ->
                firestore.collection("batchRuns").get().get().getDocuments().stream()
                        .map(DocumentSnapshot.class::cast)
                        .filter(doc -> doc.getTimestamp("finishedAt") != null).findFirst());
        String runId = run.getId();
        LOG.info("Run {} recorded {} ms after the nightly message was published", runId,
                Duration.between(published, Instant.now()).toMillis());
        String slackMessage = await("a Slack message", PUSH_DEADLINE,
                () -> slack.delivered().stream().findFirst());

        // The other jobs' messages (the watchdog) after the run: each must reach a listener that acknowledges it.
        List<SchedulerJob> others = deployment.schedulerJobs().stream().filter(j -> !j.address().equals(NIGHTLY_JOB)).toList();
        for (SchedulerJob job : others) {
            int before = pushesOn(job.topic()).size();
            PUBSUB.publish(job.topic(), job.data(), Map.of());
            await("a push of " + job.name() + "'s message (topic " + job.topic() + ")", PUSH_DEADLINE, () ->
                    pushesOn(job.topic()).size() > before ? Optional.of(true) : Optional.empty());
        }
        Thread.sleep(QUIET_PERIOD.toMillis());

        SoftAssertions softly = new SoftAssertions();

        // Every subscription's pushes ended acknowledged by a listener. Pub/Sub redelivers a refused push, so a
        // refusal followed by an acknowledgement is the system working (logged); a 404 never is.
        List<PushRelay.Forwarded> refused = relay.forwarded().stream().filter(f -> !f.acknowledged()).toList();
        if (!refused.isEmpty()) {
            LOG.warn("{} pushes refused before being acknowledged: {}", refused.size(), refused);
        }
        softly.assertThat(relay.forwarded()).as("pushes that reached no listener (404)").noneMatch(f -> f.status() == 404);
        for (TerraformDeployment.Subscription sub : deployment.subscriptions()) {
            List<PushRelay.Forwarded> pushes = relay.forwarded(sub.name());
            if (sub.push()) {
                // Every push subscription terraform declares carried this night: the trigger, the shards of the
                // run (split small here, see plumbing), its batch-completed and the watchdog.
                softly.assertThat(pushes).as("pushes of subscription %s", sub.name()).isNotEmpty();
            }
            if (!pushes.isEmpty()) {
                softly.assertThat(pushes.get(pushes.size() - 1)).as("the last push of %s", sub.name())
                        .matches(PushRelay.Forwarded::acknowledged, "acknowledged (2xx)");
            }
        }
        for (SchedulerJob job : deployment.schedulerJobs()) {
            softly.assertThat(pushesOn(job.topic())).as("pushes of %s's message (topic %s)", job.name(), job.topic())
                    .isNotEmpty();
        }
        softly.assertThat(relay.forwarded()).as("pushes sent with the OIDC token of the push identity")
                .allMatch(PushRelay.Forwarded::withToken);
        for (TerraformDeployment.Subscription sub : deployment.subscriptions()) {
            if (sub.deadLetterTopic() != null) {
                deployment.subscriptions().stream().filter(s -> s.topic().equals(sub.deadLetterTopic()) && !s.push())
                        .findFirst().ifPresent(dead -> softly.assertThat(PUBSUB.pull(dead.name(), 1, Duration.ofMillis(500)))
                                .as("dead letters in %s", dead.name()).isEmpty());
            }
        }

        // The bucket: every photo left incoming/, each to exactly one of processed/, review/, rejected/.
        softly.assertThat(filesUnder(bucket, "incoming")).as("photos still in incoming/").isEmpty();
        List<String> sorted = Stream.of("processed", "review", "rejected")
                .flatMap(prefix -> filesUnder(bucket, prefix).stream())
                .map(key -> key.substring(key.lastIndexOf('/') + 1)).sorted().toList();
        softly.assertThat(sorted).as("photos under processed/, review/ and rejected/").containsExactlyElementsOf(photos);
        softly.assertThat(filesUnder(bucket, "processed")).as("photos under processed/").isNotEmpty();
        softly.assertThat(filesUnder(bucket, "rejected")).as("rejected/").containsExactly("rejected/" + NOT_AN_IMAGE);
        softly.assertThat(Files.isRegularFile(bucket.resolve("reports/" + runId + "/report.html")))
                .as("reports/%s/report.html", runId).isTrue();

        // The run, recorded where terraform points the report service.
        softly.assertThat(firestore.collection("batchRuns").get().get().size()).as("runs recorded").isEqualTo(1);
        softly.assertThat(run.getString("trigger")).as("trigger").isEqualTo("scheduled");
        softly.assertThat(run.getString("status")).as("status").isIn("success", "partial");
        softly.assertThat(run.getLong("totalImages")).as("totalImages").isEqualTo((long) photos.size());
        List<QueryDocumentSnapshot> items = firestore.collection("batchRuns").document(runId).collection("items")
                .get().get().getDocuments();
        softly.assertThat(items).as("batchRuns/%s/items", runId).hasSize(photos.size());
        softly.assertThat(firestore.collection("alerts").get().get().getDocuments().stream().map(DocumentSnapshot::getId))
                .as("alerts (no missed run right after a run)").contains(runId + "-run-summary")
                .noneMatch(id -> id.endsWith("missed-run"));

        // One Slack message, about this run, linking to the report at the report service's public URL.
        softly.assertThat(slack.delivered()).as("Slack messages").hasSize(1);
        String publicUrl = environmentOfModule("report-function").get("REPORT_PUBLIC_URL");
        String reportLink = publicUrl + "/runs/" + runId + "/report";
        softly.assertThat(slackMessage).as("the Slack message").contains(runId).contains(reportLink);
        // The link opens for a person signed in through IAP, for the audience terraform gives that service.
        Service people = deployment.services().stream().filter(s -> s.localUrl().toString().equals(publicUrl))
                .findFirst().orElse(null);
        softly.assertThat(people).as("the service at REPORT_PUBLIC_URL " + publicUrl).isNotNull();
        if (people != null) {
            String iapAudience = ENVIRONMENTS.get(people.address()).get("IAP_AUDIENCE");
            HttpRequest.Builder open = HttpRequest.newBuilder(URI.create(reportLink)).timeout(Duration.ofSeconds(30));
            if (iapAudience != null && !iapAudience.isEmpty()) {
                open.header("x-goog-iap-jwt-assertion", issuer.iapAssertion(STAFF, iapAudience));
            }
            // A person reloads: the services' key-set client waits before it fetches again after a failed fetch.
            HttpResponse<String> report = untilNotRefused(() -> HTTP.send(open.build(), HttpResponse.BodyHandlers.ofString()));
            softly.assertThat(report.statusCode()).as("GET %s as %s through IAP", reportLink, STAFF).isEqualTo(200);
            softly.assertThat(report.body()).as("the report behind the Slack link").contains(runId);
        }

        // The batch called the private predict service with an identity token for predict's URL.
        String predictUrl = environmentOfModule("batch-trigger-function").get("PREDICT_URL");
        if ("true".equals(environmentOfModule("batch-trigger-function").get("PREDICT_IDENTITY_TOKEN"))) {
            softly.assertThat(METADATA.get(addressOfModule("batch-trigger-function")).audiences())
                    .as("audiences of the batch's identity tokens").isNotEmpty().allMatch(predictUrl::equals);
        }
        softly.assertAll();
    }

    // --- what terraform says, against the code -------------------------------------------------------

    /** Fails, listing every difference, when terraform names something the code does not know. */
    private static void assertNamesAgreeWithTheCode(List<Service> services, List<TerraformDeployment.Subscription> subscriptions) {
        List<String> problems = new ArrayList<>();
        for (Service service : services) {
            Set<String> read = ServiceSources.environmentReadBy(ROOT, service.module());
            Set<String> set = new TreeSet<>(service.environment().keySet());
            set.addAll(service.secretEnvironment().keySet());
            set.stream().filter(variable -> !read.contains(variable)).forEach(variable -> problems.add(
                    service.address() + " (" + service.module() + ") is given " + variable + ", which its code never reads"));
        }
        for (TerraformDeployment.Subscription sub : subscriptions) {
            if (!sub.push()) {
                continue;
            }
            Service target = deployment.serviceAt(sub.pushEndpoint());
            if (target == null) {
                problems.add(sub.address() + " pushes to " + sub.pushEndpoint() + ", which is no service of this terraform");
                continue;
            }
            Set<String> listeners = ServiceSources.pushSubscriptionsOf(ROOT, target.module());
            if (!listeners.contains(sub.name())) {
                problems.add(sub.address() + " is named \"" + sub.name() + "\" and pushes to " + target.name()
                        + ", whose code has @PushSubscription only for " + listeners
                        + ": micronaut-gcp's PushController would answer every push 404");
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("terraform/ and the code disagree:\n  " + String.join("\n  ", problems));
        }
    }

    // --- what stands in for what cannot run here -------------------------------------------------------

    /** A test value for each secret terraform hands a service (secret id -> value); the pairs agree as in production. */
    private static Map<String, String> testSecrets() {
        String internalKey = "system-test-" + UUID.randomUUID().toString().replace("-", "");
        String workspaceKey = "system-test-" + UUID.randomUUID().toString().replace("-", "");
        return Map.of(
                "predict-api-keys", "night-batch:" + internalKey + ":internal,workspace:" + workspaceKey + ":internal",
                "predict-internal-key", internalKey,
                "workspace-predict-key", workspaceKey,
                "batch-api-keys", "operator:" + UUID.randomUUID(),
                "report-api-keys", "operator:" + UUID.randomUUID(),
                "slack-webhook-url", slack.url(),
                // No SMTP host by default: email off, so no password.
                "smtp-password", "");
    }

    /**
     * The variables a service gets here beyond terraform's, each replacing what only exists on GCP: the
     * emulators, the bucket as a local directory, the instance metadata server, Cloud Monitoring (off), and the
     * container's {@code /tmp}. {@code PORT} is set by ServiceProcess, as Cloud Run sets it.
     */
    private static Map<String, String> plumbing(Service service, Map<String, String> environment) throws IOException {
        Map<String, String> plumbing = new TreeMap<>();
        plumbing.put("PUBSUB_EMULATOR_HOST", PUBSUB.host());
        // The night here has a few dozen photos: shards of a few photos each, so the run is split into shards
        // and goes through the shard topic and subscription as terraform declares them, as a big night does.
        if (ServiceSources.environmentReadBy(ROOT, service.module()).contains("BATCH_SHARD_SIZE")) {
            plumbing.put("BATCH_SHARD_SIZE", "8");
        }
        // The Cloud Monitoring API exists only on GCP: in the gcp environment terraform gives, the meters stay
        // in the process (CloudMonitoringExportTest covers the export against an in-process Monitoring API).
        if (environment.getOrDefault("MICRONAUT_ENVIRONMENTS", "").contains("gcp")) {
            plumbing.put("MICRONAUT_METRICS_EXPORT_STACKDRIVER_ENABLED", "false");
        }
        plumbing.put("FIRESTORE_EMULATOR_HOST", FIRESTORE.host());
        // Push tokens and IAP assertions are verified against the local issuer's key set instead of Google's;
        // only where the code reads the variable (an unread iap.* property alone breaks a service's start).
        Set<String> read = ServiceSources.environmentReadBy(ROOT, service.module());
        for (String jwks : List.of("OIDC_JWKS_URI", "IAP_JWKS_URI")) {
            if (read.contains(jwks)) {
                plumbing.put(jwks, issuer.jwksUri());
            }
        }
        if ("gcs".equals(environment.get("STORAGE_KIND"))) {
            String bucketName = environment.get("RETURNS_BUCKET");
            if (bucketName == null || bucketName.isBlank()) {
                throw new AssertionError(service.address() + " stores in Cloud Storage but is given no RETURNS_BUCKET");
            }
            Path bucket = Files.createDirectories(WORK.resolve("buckets").resolve(bucketName));
            BUCKETS.put(bucketName, bucket);
            plumbing.put("STORAGE_KIND", "local");
            plumbing.put("LOCAL_STORAGE_ROOT", bucket.toString());
            // Signed upload URLs need the real bucket's XML endpoint; the local store takes uploads through the
            // service (report-function's SignedUploadUrlsTest and SignedUploadBrowserTest cover the signed path).
            if ("signed-url".equals(environment.get("WORKSPACE_UPLOAD_MODE"))) {
                plumbing.put("WORKSPACE_UPLOAD_MODE", "service");
            }
        }
        if ("true".equals(environment.get("PREDICT_IDENTITY_TOKEN"))) {
            // The instance's metadata server, speaking for the service's own account.
            MetadataServer metadata = stand(new MetadataServer(service.serviceAccount(),
                    (email, audience) -> Optional.of(issuer.idToken(email, audience))));
            METADATA.put(service.address(), metadata);
            plumbing.put("PREDICT_CLIENT_METADATA_URL", metadata.url());
            plumbing.put("WORKSPACE_PREDICT_METADATA_URL", metadata.url());
            plumbing.put("GCE_METADATA_HOST", metadata.host());
        }
        environment.forEach((variable, value) -> {
            if (value.startsWith("/tmp/")) {
                plumbing.put(variable, WORK.resolve(service.name()).resolve(value.substring(1)).toString());
            }
        });
        return plumbing;
    }

    /** The subscription as terraform declares it, in the emulator; a push endpoint goes through the relay. */
    private static void createSubscription(TerraformDeployment.Subscription sub) {
        Subscription.Builder builder = Subscription.newBuilder()
                .setName(PUBSUB.subscriptionPath(sub.name()))
                .setTopic(PUBSUB.topicPath(sub.topic()))
                .setAckDeadlineSeconds(sub.ackDeadlineSeconds());
        if (sub.retention() != null) {
            builder.setMessageRetentionDuration(duration(sub.retention()));
        }
        if (sub.push()) {
            String relayed = relay.add(new PushRelay.Route(sub.name(), URI.create(sub.pushEndpoint()),
                    sub.oidcServiceAccount(), sub.oidcAudience()));
            PushConfig.Builder push = PushConfig.newBuilder().setPushEndpoint(relayed);
            builder.setPushConfig(push);
        }
        if (sub.minimumBackoff() != null) {
            builder.setRetryPolicy(RetryPolicy.newBuilder()
                    .setMinimumBackoff(duration(sub.minimumBackoff()))
                    .setMaximumBackoff(duration(sub.maximumBackoff())));
        }
        if (sub.deadLetterTopic() != null) {
            builder.setDeadLetterPolicy(DeadLetterPolicy.newBuilder()
                    .setDeadLetterTopic(PUBSUB.topicPath(sub.deadLetterTopic()))
                    .setMaxDeliveryAttempts(sub.maxDeliveryAttempts()));
        }
        if (sub.neverExpires()) {
            builder.setExpirationPolicy(ExpirationPolicy.getDefaultInstance());
        }
        PUBSUB.subscriptionAdminClient().createSubscription(builder.build());
    }

    // --- helpers ------------------------------------------------------------------------------------

    /**
     * The answer, asked again while it is a 401/403 for up to {@link #KEY_SET_REFETCH}: after a failed fetch of
     * the key set (seen on this loaded machine), the services' verifier waits that long before fetching again.
     */
    static HttpResponse<String> untilNotRefused(Callable<HttpResponse<String>> request) throws Exception {
        long deadline = System.nanoTime() + KEY_SET_REFETCH.toNanos();
        HttpResponse<String> response = request.call();
        while ((response.statusCode() == 401 || response.statusCode() == 403) && System.nanoTime() < deadline) {
            LOG.warn("{} answered {} ({}); asking again", response.uri(), response.statusCode(), response.body());
            Thread.sleep(2_000);
            response = request.call();
        }
        return response;
    }

    /** A terraform duration ("600s", "3.5s") as a protobuf Duration. */
    private static com.google.protobuf.Duration duration(String text) {
        try {
            return Durations.parse(text);
        } catch (java.text.ParseException e) {
            throw new IllegalArgumentException("not a duration in seconds: " + text, e);
        }
    }

    private static List<PushRelay.Forwarded> pushesOn(String topic) {
        return deployment.subscriptions().stream().filter(s -> s.topic().equals(topic) && s.push())
                .flatMap(s -> relay.forwarded(s.name()).stream()).toList();
    }

    private static Path theBucket() {
        assertThat(BUCKETS).as("the buckets terraform gives the services (RETURNS_BUCKET)").hasSize(1);
        return BUCKETS.values().iterator().next();
    }

    private static Firestore firestore() {
        Set<String> databases = ENVIRONMENTS.values().stream().map(env -> env.get("FIRESTORE_DATABASE"))
                .filter(d -> d != null).collect(Collectors.toSet());
        assertThat(databases).as("the Firestore databases terraform gives the services").hasSize(1);
        String database = databases.iterator().next();
        return database.equals("(default)") ? FIRESTORE.firestore()
                : FIRESTORE.options().toBuilder().setDatabaseId(database).build().getService();
    }

    private static String addressOfModule(String module) {
        return deployment.services().stream().filter(s -> s.module().equals(module)).map(Service::address)
                .findFirst().orElseThrow(() -> new AssertionError("terraform runs no service from the " + module + " image"));
    }

    private static Map<String, String> environmentOfModule(String module) {
        return ENVIRONMENTS.get(addressOfModule(module));
    }

    /**
     * Every {@value #SAMPLE_STRIDE}th sample return (WholeChainTest sorts all 300; here the run only has to go
     * through every part of the deployment) and one file that is not an image, which must end in rejected/.
     */
    private static Set<String> putSampleReturnsIn(Path incoming) throws IOException {
        Files.createDirectories(incoming);
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("samples/returns"))) {
            List<Path> samples = files.filter(Files::isRegularFile).sorted().toList();
            for (int i = 0; i < samples.size(); i += SAMPLE_STRIDE) {
                Files.copy(samples.get(i), incoming.resolve(samples.get(i).getFileName().toString()));
                names.add(samples.get(i).getFileName().toString());
            }
        }
        assertThat(names).as("sample returns").isNotEmpty();
        Files.writeString(incoming.resolve(NOT_AN_IMAGE), "a delivery note, scanned as text\n");
        names.add(NOT_AN_IMAGE);
        // complete uploads: dated back past the local store's settle time for files in incoming/
        try (Stream<Path> put = Files.list(incoming)) {
            for (Path file : put.toList()) {
                Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(
                        java.time.Instant.now().minus(java.time.Duration.ofHours(1))));
            }
        }
        return names;
    }

    private static List<String> filesUnder(Path bucket, String prefix) {
        Path dir = bucket.resolve(prefix);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(f -> bucket.relativize(f).toString().replace('\\', '/'))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T extends AutoCloseable> T stand(T standIn) {
        STAND_INS.add(standIn);
        return standIn;
    }

    /**
     * Polls until {@code probe} yields a value. Fails at once when a service died or refused a push (nothing
     * would arrive then), else when the deadline passes; the failure handler adds the services' logs.
     */
    private static <T> T await(String what, Duration timeout, Callable<Optional<T>> probe) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (true) {
            try {
                Optional<T> value = probe.call();
                if (value.isPresent()) {
                    return value.get();
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                last = e;
            }
            for (ServiceProcess service : PROCESSES) {
                if (!service.isAlive()) {
                    throw new AssertionError(service.name() + " exited while waiting for " + what);
                }
            }
            // No listener for the subscription: micronaut-gcp's dispatch answers 404 to every redelivery as well.
            List<PushRelay.Forwarded> undispatched = relay.forwarded().stream().filter(f -> f.status() == 404).toList();
            if (!undispatched.isEmpty()) {
                throw new AssertionError("a push reached no listener while waiting for " + what + ": " + undispatched);
            }
            // Refused for longer than a key-set refetch takes: a wrong identity or audience, not a transient failure.
            for (TerraformDeployment.Subscription sub : deployment.subscriptions()) {
                List<PushRelay.Forwarded> pushes = relay.forwarded(sub.name());
                int lastAck = -1;
                for (int i = 0; i < pushes.size(); i++) {
                    if (pushes.get(i).acknowledged()) {
                        lastAck = i;
                    }
                }
                if (lastAck + 1 < pushes.size()
                        && pushes.get(lastAck + 1).at().isBefore(Instant.now().minus(KEY_SET_REFETCH))) {
                    throw new AssertionError("the pushes of " + sub.name() + " have been refused for more than "
                            + KEY_SET_REFETCH.toSeconds() + " s while waiting for " + what + ": "
                            + pushes.subList(lastAck + 1, pushes.size()));
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + timeout.toSeconds() + " s"
                        + (last == null ? "" : "; the last probe failed: " + last), last);
            }
            Thread.sleep(250);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** Adds the pushes, the end of every service's log and the Slack messages to a failure. */
    static final class LogsOnFailure implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

        @Override
        public void handleTestExecutionException(ExtensionContext context, Throwable failure) {
            throw withLogs(failure);
        }

        @Override
        public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable failure) {
            throw withLogs(failure);
        }

        private static AssertionError withLogs(Throwable failure) {
            StringBuilder message = new StringBuilder(String.valueOf(failure.getMessage()));
            Supplier<List<PushRelay.Forwarded>> pushes = () -> relay == null ? List.of() : relay.forwarded();
            message.append("\n\n----- pushes relayed: ").append(pushes.get().size()).append(" -----");
            pushes.get().forEach(push -> message.append('\n').append(push));
            for (ServiceProcess service : PROCESSES) {
                message.append("\n\n----- the end of ").append(service.name()).append("'s log (").append(service.log())
                        .append(service.isAlive() ? "" : ", exited").append(") -----\n").append(service.tail());
            }
            if (slack != null) {
                message.append("\n\n----- Slack messages received: ").append(slack.delivered().size()).append(" -----");
                slack.delivered().forEach(body -> message.append('\n').append(body));
            }
            AssertionError error = new AssertionError(message.toString(), failure);
            error.setStackTrace(failure.getStackTrace());
            return error;
        }
    }
}
