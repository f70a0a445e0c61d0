package com.returnsorter.testing;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PubSubEmulatorTest {

    @RegisterExtension
    static final PubSubEmulator PUBSUB = new PubSubEmulator();

    private static final Duration WAIT = Duration.ofSeconds(30);

    @BeforeEach
    void startClean() {
        PUBSUB.reset();
    }

    @Test
    void publishedMessagesArePulledWithTheirAttributes() {
        PUBSUB.createTopic("batch-completed");
        PUBSUB.createPullSubscription("report", "batch-completed");
        Instant before = Instant.now().minus(1, ChronoUnit.MINUTES);

        String first = PUBSUB.publish("batch-completed", bytes("{\"runId\":\"r1\"}"), Map.of("runId", "r1"));
        String second = PUBSUB.publish("batch-completed", bytes("second"), Map.of());

        List<ReceivedMessage> received = PUBSUB.pull("report", 2, WAIT);

        assertThat(received).extracting(ReceivedMessage::messageId).containsExactlyInAnyOrder(first, second);
        ReceivedMessage withAttributes = received.stream().filter(m -> m.messageId().equals(first)).findFirst()
                .orElseThrow();
        assertThat(withAttributes.text()).isEqualTo("{\"runId\":\"r1\"}");
        assertThat(withAttributes.attributes()).containsExactly(Map.entry("runId", "r1"));
        assertThat(withAttributes.publishTime()).isAfter(before);
    }

    @Test
    void pulledMessagesAreAcknowledged() {
        PUBSUB.createTopic("batch-trigger");
        PUBSUB.createPullSubscription("batch", "batch-trigger");
        PUBSUB.publish("batch-trigger", bytes("once"), Map.of());

        assertThat(PUBSUB.pull("batch", 1, WAIT)).hasSize(1);
        // The ack deadline is 10 s: an unacknowledged message would come back within this window.
        assertThat(PUBSUB.pull("batch", 1, Duration.ofSeconds(12))).isEmpty();
    }

    @Test
    void creatingWhatExistsIsFine() {
        PUBSUB.createTopic("watchdog");
        PUBSUB.createTopic("watchdog");
        PUBSUB.createPullSubscription("watch", "watchdog");
        PUBSUB.createPullSubscription("watch", "watchdog");

        PUBSUB.publish("watchdog", bytes("tick"), Map.of());

        assertThat(PUBSUB.pull("watch", 1, WAIT)).extracting(ReceivedMessage::text).containsExactly("tick");
    }

    @Test
    void resetRemovesEveryTopicAndSubscription() {
        PUBSUB.createTopic("one");
        PUBSUB.createTopic("two");
        PUBSUB.createPullSubscription("one-sub", "one");
        PUBSUB.createPushSubscription("two-sub", "two", "http://127.0.0.1:9/push", 10);

        PUBSUB.reset();

        assertThat(PUBSUB.topicAdminClient().listTopics("projects/" + PUBSUB.projectId()).iterateAll())
                .isEmpty();
        assertThat(PUBSUB.subscriptionAdminClient().listSubscriptions("projects/" + PUBSUB.projectId())
                .iterateAll()).isEmpty();
    }

    @Test
    void deletingWhatDoesNotExistIsFine() {
        PUBSUB.deleteSubscription("never-made");
        PUBSUB.deleteTopic("never-made");
    }

    @Test
    void exposesWhatAMicronautTestNeeds() {
        assertThat(PUBSUB.host()).matches("[^:]+:\\d+");
        assertThat(PUBSUB.projectId()).isEqualTo(PubSubEmulator.DEFAULT_PROJECT_ID);
        assertThat(PUBSUB.micronautProperties())
                .containsEntry("pubsub.emulator.host", PUBSUB.host())
                .containsEntry("gcp.project-id", "return-sorter-test");
        assertThat(PUBSUB.topicPath("batch-trigger")).isEqualTo("projects/return-sorter-test/topics/batch-trigger");
        assertThat(PUBSUB.subscriptionPath("projects/x/subscriptions/y")).isEqualTo("projects/x/subscriptions/y");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
