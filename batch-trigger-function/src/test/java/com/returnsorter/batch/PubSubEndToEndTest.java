package com.returnsorter.batch;

import com.returnsorter.batch.support.BatchService;
import com.returnsorter.batch.support.Bucket;
import com.returnsorter.events.BatchTrigger;
import com.returnsorter.events.RunStatus;
import com.returnsorter.events.RunSummary;
import com.returnsorter.events.Topics;
import com.returnsorter.testing.LocalOidcIssuer;
import com.returnsorter.testing.OidcPushRelay;
import com.returnsorter.testing.PubSubEmulator;
import com.returnsorter.testing.ReceivedMessage;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production path through the real Pub/Sub emulator: a trigger published to
 * {@code batch-trigger} is pushed by the emulator to the running service's {@code /push}, the run
 * sorts the photos, and {@code batch-completed} arrives on a subscription. Pushes carry the push
 * account's OIDC token, as Pub/Sub adds it: the emulator adds none, so it pushes through an
 * {@link OidcPushRelay}, and the service checks the tokens as deployed.
 */
class PubSubEndToEndTest {

    @RegisterExtension
    static final PubSubEmulator PUBSUB = new PubSubEmulator(BatchService.PROJECT);

    private static final String PUSH_ACCOUNT = "pubsub-push@return-sorter-test.iam.gserviceaccount.com";
    private static final String AUDIENCE = "https://batch-trigger-function.test/push";

    private final Bucket bucket = Bucket.shared();
    private BatchService batch;
    private LocalOidcIssuer issuer;
    private OidcPushRelay relay;

    @BeforeEach
    void start() {
        bucket.wipe();
        PUBSUB.reset();
        Map<String, Object> properties = new HashMap<>(PUBSUB.micronautProperties());
        properties.put("messaging.kind", "pubsub");
        properties.put("batch.time-budget", "1ms"); // every chunk in its own push: continuations go through Pub/Sub too
        properties.put("batch.chunk-size", "10");
        issuer = LocalOidcIssuer.start();
        properties.put("push.auth.service-account", PUSH_ACCOUNT);
        properties.put("push.auth.audience", AUDIENCE);
        properties.put("push.auth.jwks-uri", issuer.jwksUri());
        batch = BatchService.start(properties);
        relay = OidcPushRelay.start(issuer, batch.url().resolve("/push"), PUSH_ACCOUNT, AUDIENCE);
        PUBSUB.createTopic(Topics.BATCH_TRIGGER);
        PUBSUB.createTopic(Topics.BATCH_COMPLETED);
        // The subscription is named like the topic: @PushSubscription("batch-trigger") listens for it.
        PUBSUB.createPushSubscription(Topics.BATCH_TRIGGER, Topics.BATCH_TRIGGER, relay.endpoint().toString(), 600);
        PUBSUB.createPullSubscription("completed-test", Topics.BATCH_COMPLETED);
    }

    @AfterEach
    void stop() {
        PUBSUB.deleteSubscription(Topics.BATCH_TRIGGER);
        batch.close();
        relay.close();
        issuer.close();
    }

    @Test
    void aScheduledTriggerPublishedToPubSubSortsThePhotosAndPublishesBatchCompleted() throws Exception {
        Set<String> photos = new HashSet<>(bucket.putSamples(25));
        JsonMapper json = batch.context().getBean(JsonMapper.class);

        PUBSUB.publish(Topics.BATCH_TRIGGER, json.writeValueAsBytes(BatchTrigger.scheduled(Instant.now())), Map.of());
        List<ReceivedMessage> completed = PUBSUB.pull("completed-test", 1, Duration.ofSeconds(120));

        assertThat(completed).hasSize(1);
        RunSummary summary = json.readValue(completed.get(0).data(), RunSummary.class);
        assertThat(completed.get(0).attributes()).containsEntry(Topics.ATTRIBUTE_RUN_ID, summary.runId());
        assertThat(summary.status()).isEqualTo(RunStatus.SUCCESS);
        assertThat(summary.totalProcessed()).isEqualTo(25);
        assertThat(summary.reports().reportHtml()).isEqualTo("reports/" + summary.runId() + "/report.html");
        assertThat(batch.run(summary.runId()).deliveries()).isGreaterThanOrEqualTo(3);
        bucket.assertEveryPhotoInExactlyOnePlace(photos);
        bucket.assertResultsAgreeWithBucket(summary.runId(), json);
        assertThat(PUBSUB.pull("completed-test", 1, Duration.ofSeconds(3))).as("exactly one batch-completed").isEmpty();
    }
}
