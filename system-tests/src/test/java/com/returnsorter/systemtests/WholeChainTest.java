package com.returnsorter.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.returnsorter.events.RunIds;
import com.returnsorter.events.Topics;
import com.returnsorter.testing.FirestoreEmulator;
import com.returnsorter.testing.LocalOidcIssuer;
import com.returnsorter.testing.OidcPushRelay;
import com.returnsorter.testing.PubSubEmulator;
import com.returnsorter.testing.ReceivedMessage;
import com.returnsorter.testing.ServiceProcess;
import com.returnsorter.testing.SlackWebhookServer;
import jakarta.mail.internet.MimeMessage;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole nightly chain as deployed, nothing in-process: the three services started from their
 * packaged jars, the real Pub/Sub and Firestore emulators between them, a recording Slack webhook and a
 * GreenMail SMTP server. A scheduled trigger published to {@code batch-trigger} is pushed by the emulator
 * to the batch, which classifies every sample return through the predict function, moves the photos,
 * writes the reports and publishes {@code batch-completed}; the emulator pushes that to the report
 * function, which records the run and its items in Firestore and sends its alerts.
 *
 * <p>The test asserts what the people at the end of the chain see: where the photos are, the run in
 * Firestore and the read API, one Slack message with the run and a working link to its report, the
 * dashboard, and email only when an alert rule asks for it.
 */
class WholeChainTest {

    private static final Logger LOG = LoggerFactory.getLogger(WholeChainTest.class);

    private static final Path ROOT = Path.of(System.getProperty("returnsorter.root"));
    private static final String VERSION = System.getProperty("project.version");
    private static final Path WORK = Path.of(System.getProperty("returnsorter.work", "target/whole-chain"))
            .toAbsolutePath();
    /** Where the emulator can reach the services; with an emulator in a container, an address of this host. */
    private static final String PUSH_HOST = System.getProperty("returnsorter.push-host", "127.0.0.1");

    /** Generous: a cold start of 300 photos takes seconds; the deadline only stops a hung chain. */
    private static final Duration RUN_DEADLINE = Duration.ofMinutes(3);
    private static final Duration ALERTS_DEADLINE = Duration.ofMinutes(1);
    /** How long the test keeps listening after the first Slack message and batch-completed, for a second one. */
    private static final Duration QUIET_PERIOD = Duration.ofSeconds(5);

    // The alert thresholds the report function is started with; the expected alerts are derived from them.
    private static final double ERROR_RATE = 0.10;
    private static final int LOW_CONFIDENCE_ITEMS = 50;
    private static final Duration SLOW_RUN = Duration.ofMinutes(15);

    private static final String COMPLETED_AUDIT = "batch-completed-audit";
    // Pushes carry the push account's OIDC token, as Pub/Sub adds it; the emulator does not, so a relay does.
    private static final String PUSH_ACCOUNT = "pubsub-push@return-sorter-test.iam.gserviceaccount.com";
    private static final String IAP_AUDIENCE = "/projects/123456/locations/europe-west1/services/report-function";
    private static final List<AutoCloseable> RELAYS = new CopyOnWriteArrayList<>();
    private static LocalOidcIssuer issuer;
    private static final String EMAIL_TO = "returns-it@example.com";

    @RegisterExtension
    static final PubSubEmulator PUBSUB = new PubSubEmulator();
    @RegisterExtension
    static final FirestoreEmulator FIRESTORE = new FirestoreEmulator(PubSubEmulator.DEFAULT_PROJECT_ID);
    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withPerMethodLifecycle(false);
    @RegisterExtension
    static final ServiceLogsOnFailure SERVICE_LOGS_ON_FAILURE = new ServiceLogsOnFailure();

    private static final List<ServiceProcess> SERVICES = new CopyOnWriteArrayList<>();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static SlackWebhookServer slack;
    private static Path bucket;
    private static ServiceProcess report;

    @BeforeAll
    static void startTheChain() throws IOException {
        deleteRecursively(WORK);
        bucket = Files.createDirectories(WORK.resolve("bucket"));
        Path logs = Files.createDirectories(WORK.resolve("logs"));
        PUBSUB.reset();
        FIRESTORE.clear();
        slack = new SlackWebhookServer();
        issuer = LocalOidcIssuer.start();

        String project = PUBSUB.projectId();
        String predictKey = "system-test-" + UUID.randomUUID().toString().replace("-", "");
        int predictPort = ServiceProcess.freePort();
        int batchPort = ServiceProcess.freePort();
        int reportPort = ServiceProcess.freePort();
        Map<String, String> common = Map.of(
                "GOOGLE_CLOUD_PROJECT", project,
                "STORAGE_KIND", "local",
                "LOCAL_STORAGE_ROOT", bucket.toString(),
                "PUSH_SERVICE_ACCOUNT", PUSH_ACCOUNT,
                "OIDC_JWKS_URI", issuer.jwksUri());

        ServiceProcess predict = launch(ServiceProcess.ofModule(ROOT, "predict-function", VERSION)
                .env(common)
                .env("PREDICT_API_KEYS", "night-batch:" + predictKey + ":internal")
                .port(predictPort)
                .log(logs.resolve("predict-function.log")));
        ServiceProcess batch = launch(ServiceProcess.ofModule(ROOT, "batch-trigger-function", VERSION)
                .env(common)
                .env("PREDICT_URL", "http://127.0.0.1:" + predictPort)
                .env("PREDICT_API_KEY", predictKey)
                .env("MESSAGING_KIND", "pubsub")
                .env("PUSH_AUDIENCE", pushAudience(batchPort))
                .env("PUBSUB_EMULATOR_HOST", PUBSUB.host())
                .port(batchPort)
                .log(logs.resolve("batch-trigger-function.log")));
        report = launch(ServiceProcess.ofModule(ROOT, "report-function", VERSION)
                .env(common)
                .env("HISTORY_KIND", "firestore")
                .env("PUSH_AUDIENCE", pushAudience(reportPort))
                .env("IAP_AUDIENCE", IAP_AUDIENCE)
                .env("IAP_JWKS_URI", issuer.jwksUri())
                .env("FIRESTORE_EMULATOR_HOST", FIRESTORE.host())
                // Nothing in the report publishes; set so no Pub/Sub bean could ever look for credentials.
                .env("PUBSUB_EMULATOR_HOST", PUBSUB.host())
                .env("HISTORY_SQLITE_FILE", WORK.resolve("report-history.db").toString())
                .env("NOTIFICATIONS_DIR", WORK.resolve("notifications").toString())
                .env("SLACK_WEBHOOK_URL", slack.url())
                .env("SMTP_HOST", MAIL.getSmtp().getBindTo())
                .env("SMTP_PORT", String.valueOf(MAIL.getSmtp().getPort()))
                .env("SMTP_SECURITY", "none")
                .env("ALERT_EMAIL_FROM", "return-sorter@example.com")
                .env("ALERT_EMAIL_TO", EMAIL_TO)
                .env("ALERT_ERROR_RATE", String.valueOf(ERROR_RATE))
                .env("ALERT_LOW_CONFIDENCE_ITEMS", String.valueOf(LOW_CONFIDENCE_ITEMS))
                .env("ALERT_SLOW_RUN", SLOW_RUN.toMinutes() + "m")
                .env("REPORT_PUBLIC_URL", "http://127.0.0.1:" + reportPort)
                .port(reportPort)
                .log(logs.resolve("report-function.log")));
        // Started together, waited for together: three JVMs start faster side by side than in a row.
        SERVICES.forEach(ServiceProcess::awaitReady);

        PUBSUB.createTopic(Topics.BATCH_TRIGGER);
        PUBSUB.createTopic(Topics.BATCH_COMPLETED);
        PUBSUB.createTopic(Topics.WATCHDOG);
        // Subscription names are the @PushSubscription names the services listen for.
        PUBSUB.createPushSubscription(Topics.BATCH_TRIGGER, Topics.BATCH_TRIGGER, relayTo(batchPort), 600);
        PUBSUB.createPushSubscription(Topics.BATCH_COMPLETED, Topics.BATCH_COMPLETED, relayTo(reportPort), 60);
        // Counts what the batch published, independently of what the report did with it.
        PUBSUB.createPullSubscription(COMPLETED_AUDIT, Topics.BATCH_COMPLETED);
        LOG.info("The chain is up: {}", SERVICES);
    }

    @AfterAll
    static void stopTheChain() {
        List<ServiceProcess> newestFirst = new ArrayList<>(SERVICES);
        Collections.reverse(newestFirst);
        newestFirst.forEach(ServiceProcess::close);
        for (AutoCloseable relay : RELAYS) {
            try {
                relay.close();
            } catch (Exception ignored) {
                // stopping anyway
            }
        }
        if (issuer != null) {
            issuer.close();
        }
        if (slack != null) {
            slack.close();
        }
    }

    @Test
    void aScheduledTriggerSortsEveryPhotoRecordsTheRunAndSendsOneSlackMessage() throws Exception {
        Set<String> photos = putSampleReturnsInIncoming();
        Firestore firestore = FIRESTORE.firestore();

        Instant before = Instant.now();
        String messageId = PUBSUB.publish(Topics.BATCH_TRIGGER,
                ("{\"reason\":\"scheduled\",\"requestedAt\":\"" + before + "\"}").getBytes(StandardCharsets.UTF_8),
                Map.of());
        Instant after = Instant.now();

        DocumentSnapshot run = await("a run recorded in Firestore (batchRuns)", RUN_DEADLINE, () ->
                firestore.collection("batchRuns").get().get().getDocuments().stream()
                        .map(DocumentSnapshot.class::cast).findFirst());
        String runId = run.getId();
        LOG.info("Run {} recorded {} ms after the trigger was published", runId,
                Duration.between(before, Instant.now()).toMillis());

        // The run is written before its alerts are raised: wait until every channel of every alert is final.
        List<QueryDocumentSnapshot> alerts = await("the alerts of run " + runId + " to be delivered", ALERTS_DEADLINE,
                () -> {
                    List<QueryDocumentSnapshot> docs = firestore.collection("alerts").whereEqualTo("runId", runId)
                            .get().get().getDocuments();
                    boolean settled = docs.stream().anyMatch(doc -> doc.getId().equals(runId + "-run-summary"))
                            && docs.stream().allMatch(WholeChainTest::everyChannelFinal);
                    return settled ? Optional.of(docs) : Optional.empty();
                });
        await("a Slack message", ALERTS_DEADLINE, () -> slack.delivered().isEmpty()
                ? Optional.empty() : Optional.of(true));
        // Pulling for a second batch-completed also gives a second Slack message time to arrive.
        List<ReceivedMessage> completed = PUBSUB.pull(COMPLETED_AUDIT, 2, QUIET_PERIOD);
        List<String> slackMessages = slack.delivered();

        int total = intField(run, "totalImages");
        int successful = intField(run, "successful");
        int failed = intField(run, "failed");
        List<QueryDocumentSnapshot> items = firestore.collection("batchRuns").document(runId).collection("items")
                .get().get().getDocuments();
        Map<String, String> expectedAlerts = expectedAlerts(run, runId);
        boolean emailExpected = expectedAlerts.values().stream().anyMatch(channels -> channels.contains("email"));

        SoftAssertions softly = new SoftAssertions();

        // The run id names this trigger: its publish time and message id.
        softly.assertThat(runId).as("run id").matches(RunIds.PATTERN)
                .isBetween(RunIds.of(before.minusSeconds(1), messageId), RunIds.of(after.plusSeconds(1), messageId))
                .endsWith(RunIds.of(before, messageId).substring(15));
        softly.assertThat(firestore.collection("batchRuns").get().get().size()).as("runs recorded").isEqualTo(1);

        // The run record.
        softly.assertThat(run.getString("runId")).as("runId").isEqualTo(runId);
        softly.assertThat(run.getString("trigger")).as("trigger").isEqualTo("scheduled");
        softly.assertThat(run.getString("status")).as("status").isIn("success", "partial");
        softly.assertThat(total).as("totalImages").isEqualTo(photos.size());
        softly.assertThat(successful + failed).as("successful + failed").isEqualTo(total);
        softly.assertThat(intField(run, "itemCount")).as("itemCount").isEqualTo(total);
        softly.assertThat(run.getTimestamp("startedAt")).as("startedAt").isNotNull();
        softly.assertThat(run.getTimestamp("finishedAt")).as("finishedAt").isNotNull();
        softly.assertThat(run.getString("reports.reportHtml")).as("reports.reportHtml")
                .isEqualTo("reports/" + runId + "/report.html");

        // Its items, one per photo, agreeing with the run's figures and with the bucket.
        softly.assertThat(items).as("batchRuns/%s/items", runId).hasSize(total);
        Map<String, Long> byStatus = items.stream()
                .collect(Collectors.groupingBy(item -> String.valueOf(item.getString("status")), TreeMap::new,
                        Collectors.counting()));
        softly.assertThat(byStatus.getOrDefault("sorted", 0L)).as("items sorted").isEqualTo(intField(run, "sorted"));
        softly.assertThat(byStatus.getOrDefault("review", 0L)).as("items to review")
                .isEqualTo(intField(run, "lowConfidence"));
        softly.assertThat(byStatus.getOrDefault("rejected", 0L)).as("items rejected")
                .isEqualTo(intField(run, "rejected"));
        softly.assertThat(byStatus.getOrDefault("error", 0L)).as("items left in incoming/ (error)")
                .isEqualTo(intField(run, "leftInIncoming"));
        softly.assertThat(items.stream().map(item -> item.getString("destination"))
                        .filter(destination -> destination == null || !Files.isRegularFile(bucket.resolve(destination))))
                .as("item destinations that are not in the bucket").isEmpty();

        // Every photo left incoming/, each to exactly one place.
        softly.assertThat(filesUnder("incoming")).as("photos still in incoming/").isEmpty();
        List<String> sortedPhotos = Stream.of("processed", "review", "rejected")
                .flatMap(prefix -> filesUnder(prefix).stream())
                .map(key -> key.substring(key.lastIndexOf('/') + 1))
                .sorted().toList();
        softly.assertThat(sortedPhotos).as("photos under processed/, review/ and rejected/")
                .containsExactlyElementsOf(photos);
        softly.assertThat(Files.isRegularFile(bucket.resolve("reports/" + runId + "/report.html")))
                .as("reports/%s/report.html in the bucket", runId).isTrue();

        // Exactly one batch-completed went out, for this run.
        softly.assertThat(completed).as("batch-completed messages published").hasSize(1);
        completed.stream().findFirst().ifPresent(message -> softly.assertThat(message.attributes())
                .as("batch-completed attributes").containsEntry(Topics.ATTRIBUTE_RUN_ID, runId));

        // Exactly one Slack message, about this run, linking to its report.
        String reportUrl = report.url() + "/runs/" + runId + "/report";
        softly.assertThat(slackMessages).as("Slack messages").hasSize(1);
        if (!slackMessages.isEmpty()) {
            JsonNode message = JSON.readTree(slackMessages.get(0));
            softly.assertThat(message.path("text").asText()).as("Slack fallback text")
                    .contains(runId).contains(reportUrl);
            softly.assertThat(message.path("blocks").isArray()).as("Slack blocks").isTrue();
            softly.assertThat(message.path("blocks").toString()).as("Slack blocks")
                    .contains(runId).contains(reportUrl).contains(report.url() + "/dashboard");
        }

        // The alerts of the run: the ones its figures call for, each delivered on each of its channels.
        Map<String, Map<String, String>> stored = new TreeMap<>();
        for (QueryDocumentSnapshot alert : alerts) {
            Map<String, String> channels = new TreeMap<>();
            channels(alert).forEach((channel, delivery) -> channels.put(channel, String.valueOf(delivery.get("state"))));
            stored.put(alert.getId(), channels);
        }
        Map<String, Map<String, String>> expected = new TreeMap<>();
        expectedAlerts.forEach((id, channels) -> expected.put(id, Stream.of(channels.split(","))
                .collect(Collectors.toMap(c -> c, c -> "delivered", (a, b) -> a, TreeMap::new))));
        softly.assertThat(stored).as("alerts of run %s with their channels' states", runId).isEqualTo(expected);
        alerts.stream().filter(alert -> alert.getId().equals(runId + "-run-summary")).findFirst().ifPresent(summary -> {
            softly.assertThat(summary.getString("severity")).as("run-summary severity").isEqualTo("INFO");
            softly.assertThat(summary.getString("rule")).as("run-summary rule").isEqualTo("run-summary");
            softly.assertThat(String.valueOf(channels(summary).getOrDefault("slack", Map.of()).get("target")))
                    .as("run-summary slack target").isEqualTo("slack-webhook");
        });

        // Email only when an alert asks for it (run-failed, high-error-rate).
        MimeMessage[] emails = MAIL.getReceivedMessages();
        softly.assertThat(emails).as("emails (expected: %s)", emailExpected ? "one" : "none")
                .hasSize(emailExpected ? 1 : 0);

        // The report service's read API and dashboard show the run.
        HttpResponse<String> detail = get("/runs/" + runId + "?limit=5000");
        softly.assertThat(detail.statusCode()).as("GET /runs/%s", runId).isEqualTo(200);
        if (detail.statusCode() == 200) {
            JsonNode body = JSON.readTree(detail.body());
            softly.assertThat(body.path("run").path("runId").asText()).as("GET /runs/{id} run.runId").isEqualTo(runId);
            softly.assertThat(body.path("run").path("totalImages").asInt()).as("GET /runs/{id} run.totalImages")
                    .isEqualTo(total);
            softly.assertThat(body.path("items").size()).as("GET /runs/{id} items").isEqualTo(total);
            Set<String> objects = new LinkedHashSet<>();
            body.path("items").forEach(item -> objects.add(item.path("object").asText()));
            softly.assertThat(objects).as("GET /runs/{id} items' objects")
                    .containsExactlyInAnyOrderElementsOf(photos.stream().map(name -> "incoming/" + name).toList());
        }
        HttpResponse<String> html = get("/runs/" + runId + "/report");
        softly.assertThat(html.statusCode()).as("GET %s (the Slack link)", reportUrl).isEqualTo(200);
        softly.assertThat(html.headers().firstValue("Content-Type").orElse("")).as("report content type")
                .startsWith("text/html");
        softly.assertThat(html.body()).as("the HTML report").contains(runId);
        HttpResponse<String> dashboard = get("/dashboard");
        softly.assertThat(dashboard.statusCode()).as("GET /dashboard").isEqualTo(200);
        softly.assertThat(dashboard.headers().firstValue("Content-Type").orElse("")).as("dashboard content type")
                .startsWith("text/html");
        softly.assertThat(dashboard.body()).as("the dashboard").contains(runId);

        softly.assertAll();
    }

    /**
     * Alert id → its channels (comma separated), as DESIGN.md's rules give them for the run's figures and
     * the thresholds the report function was started with.
     */
    private static Map<String, String> expectedAlerts(DocumentSnapshot run, String runId) {
        int total = intField(run, "totalImages");
        int successful = intField(run, "successful");
        int failed = intField(run, "failed");
        Map<String, String> alerts = new LinkedHashMap<>();
        if ("failed".equals(run.getString("status")) || total > 0 && successful == 0) {
            alerts.put(runId + "-run-failed", "email,slack");
        } else if (total > 0 && (double) failed / total > ERROR_RATE) {
            alerts.put(runId + "-high-error-rate", "email,slack");
        }
        if (intField(run, "lowConfidence") > LOW_CONFIDENCE_ITEMS) {
            alerts.put(runId + "-low-confidence", "slack");
        }
        Double seconds = run.getDouble("durationSeconds");
        if (seconds != null && seconds > SLOW_RUN.toSeconds()) {
            alerts.put(runId + "-slow-run", "slack");
        }
        alerts.put(runId + "-run-summary", "slack");
        return alerts;
    }

    private static Set<String> putSampleReturnsInIncoming() throws IOException {
        Path samples = ROOT.resolve("samples/returns");
        Path incoming = Files.createDirectories(bucket.resolve("incoming"));
        Set<String> names = new LinkedHashSet<>();
        try (Stream<Path> files = Files.list(samples)) {
            for (Path sample : files.filter(Files::isRegularFile).sorted().toList()) {
                Path copy = Files.copy(sample, incoming.resolve(sample.getFileName().toString()));
                // complete: dated back past the local store's settle time for uploads
                Files.setLastModifiedTime(copy, java.nio.file.attribute.FileTime.from(
                        java.time.Instant.now().minus(java.time.Duration.ofHours(1))));
                names.add(sample.getFileName().toString());
            }
        }
        assertThat(names).as("sample returns in %s", samples).isNotEmpty();
        return names;
    }

    /** Keys of the files under {@code prefix/} in the bucket. */
    private static List<String> filesUnder(String prefix) {
        Path dir = bucket.resolve(prefix);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(file -> bucket.relativize(file).toString().replace('\\', '/'))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean everyChannelFinal(DocumentSnapshot alert) {
        Map<String, Map<String, Object>> channels = channels(alert);
        return !channels.isEmpty() && channels.values().stream()
                .allMatch(delivery -> Set.of("delivered", "refused").contains(String.valueOf(delivery.get("state"))));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> channels(DocumentSnapshot alert) {
        Object channels = alert.get("channels");
        return channels instanceof Map<?, ?> map ? (Map<String, Map<String, Object>>) map : Map.of();
    }

    private static int intField(DocumentSnapshot doc, String field) {
        Long value = doc.getLong(field);
        return value == null ? -1 : value.intValue();
    }

    /** The audience terraform gives a service's push subscription: its URL with /push. */
    private static String pushAudience(int port) {
        return "http://127.0.0.1:" + port + "/push";
    }

    /** A push endpoint for the emulator that forwards to the service on {@code port} with the push account's token. */
    private static String relayTo(int port) {
        OidcPushRelay relay = OidcPushRelay.start(issuer, URI.create("http://127.0.0.1:" + port + "/push"), PUSH_ACCOUNT,
                pushAudience(port));
        RELAYS.add(relay);
        return "http://" + PUSH_HOST + ":" + relay.endpoint().getPort() + "/push";
    }

    /** A GET of the report function as a person signed in through IAP. */
    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(report.url() + path))
                .header("x-goog-iap-jwt-assertion", issuer.iapAssertion("staff@example.com", IAP_AUDIENCE))
                .timeout(Duration.ofSeconds(30)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static ServiceProcess launch(ServiceProcess.Builder builder) {
        ServiceProcess service = builder.cleanEnvironment().launch();
        SERVICES.add(service);
        return service;
    }

    /**
     * Polls {@code probe} until it yields a value. Fails when the deadline passes or a service died
     * meanwhile (nothing would arrive then); the failure handler adds the services' logs.
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
            for (ServiceProcess service : SERVICES) {
                if (!service.isAlive()) {
                    throw new AssertionError(service.name() + " exited while waiting for " + what);
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

    /** Adds the end of every service's log to a failure of the test or of starting the chain. */
    static final class ServiceLogsOnFailure implements TestExecutionExceptionHandler,
            LifecycleMethodExecutionExceptionHandler {

        @Override
        public void handleTestExecutionException(ExtensionContext context, Throwable failure) {
            throw withServiceLogs(failure);
        }

        @Override
        public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable failure) {
            throw withServiceLogs(failure);
        }

        private static AssertionError withServiceLogs(Throwable failure) {
            StringBuilder message = new StringBuilder(String.valueOf(failure.getMessage()));
            for (ServiceProcess service : SERVICES) {
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
