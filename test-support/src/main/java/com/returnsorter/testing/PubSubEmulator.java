package com.returnsorter.testing;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.ProjectName;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.PullResponse;
import com.google.pubsub.v1.PushConfig;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.Topic;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The real Pub/Sub emulator for tests, one per test JVM, with admin helpers that talk to it.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PubSubEmulator PUBSUB = new PubSubEmulator();
 * }</pre>
 *
 * or {@code @ExtendWith(PubSubEmulator.class)} with a {@code PubSubEmulator} parameter. The emulator is, in
 * order: the one named by {@code PUBSUB_EMULATOR_HOST} (system property, then environment variable); a
 * Testcontainers container when a Docker engine answers; one started with {@code gcloud beta emulators pubsub
 * start}. If none can be had the test fails, saying what to install. It is stopped after the last test.
 *
 * <p>Every accessor starts the emulator if no callback has yet, so it may be used from a Micronaut
 * {@code TestPropertyProvider}, which runs before this extension's callbacks. Names may be short
 * ({@code "batch-trigger"}) or full ({@code "projects/p/topics/batch-trigger"}).
 */
public final class PubSubEmulator implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    /** The project id used unless another is given. */
    public static final String DEFAULT_PROJECT_ID = "return-sorter-test";

    private static final Duration PULL_POLL = Duration.ofMillis(100);

    private final String projectId;

    /** Uses {@link #DEFAULT_PROJECT_ID}. */
    public PubSubEmulator() {
        this(DEFAULT_PROJECT_ID);
    }

    /** Uses the given project id; the emulator itself serves every project. */
    public PubSubEmulator(String projectId) {
        this.projectId = Objects.requireNonNull(projectId, "projectId");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        SharedEmulator.obtain(EmulatorKind.PUBSUB, context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        SharedEmulator.obtain(EmulatorKind.PUBSUB, context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == PubSubEmulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        SharedEmulator.obtain(EmulatorKind.PUBSUB, extensionContext);
        return this;
    }

    /** {@code host:port} of the emulator, as {@code PUBSUB_EMULATOR_HOST} wants it. */
    public String host() {
        return emulator().host();
    }

    /** The project the helpers work in. */
    public String projectId() {
        return projectId;
    }

    /** Where the emulator came from. */
    public EmulatorSource source() {
        return emulator().source();
    }

    /**
     * The properties that point micronaut-gcp-pubsub at this emulator ({@code pubsub.emulator.host}, which
     * also switches it to no credentials, and {@code gcp.project-id}), for a {@code TestPropertyProvider}.
     */
    public Map<String, String> micronautProperties() {
        return Map.of("pubsub.emulator.host", host(), "gcp.project-id", projectId);
    }

    /** A channel provider for {@code Publisher}/{@code Subscriber} builders; the channel is closed with the emulator. */
    public TransportChannelProvider channelProvider() {
        return clients().channelProvider;
    }

    /** No credentials, which is what the emulator expects. */
    public CredentialsProvider credentialsProvider() {
        return clients().credentialsProvider;
    }

    /** The shared topic admin client; do not close it. */
    public TopicAdminClient topicAdminClient() {
        return clients().topics;
    }

    /** The shared subscription admin client; do not close it. */
    public SubscriptionAdminClient subscriptionAdminClient() {
        return clients().subscriptions;
    }

    /** {@code projects/<projectId>/topics/<topic>} (a full path is returned as it is). */
    public String topicPath(String topic) {
        return topic.startsWith("projects/") ? topic : "projects/" + projectId + "/topics/" + topic;
    }

    /** {@code projects/<projectId>/subscriptions/<subscription>} (a full path is returned as it is). */
    public String subscriptionPath(String subscription) {
        return subscription.startsWith("projects/")
                ? subscription : "projects/" + projectId + "/subscriptions/" + subscription;
    }

    /** Creates the topic; an existing one is kept. */
    public void createTopic(String topic) {
        try {
            clients().topics.createTopic(Topic.newBuilder().setName(topicPath(topic)).build());
        } catch (AlreadyExistsException e) {
            // Idempotent on purpose.
        }
    }

    /** Creates a pull subscription to the topic; an existing subscription is kept as it is. */
    public void createPullSubscription(String subscription, String topic) {
        try {
            clients().subscriptions.createSubscription(Subscription.newBuilder()
                    .setName(subscriptionPath(subscription))
                    .setTopic(topicPath(topic))
                    .build());
        } catch (AlreadyExistsException e) {
            // Idempotent on purpose.
        }
    }

    /**
     * Creates a push subscription that POSTs each message as a push envelope to {@code pushEndpoint} (an
     * address the emulator can reach: with the gcloud launcher, {@code http://127.0.0.1:<port>/...}). If the
     * subscription exists already, only its push endpoint is set.
     *
     * @param ackDeadlineSeconds 10 to 600
     */
    public void createPushSubscription(String subscription, String topic, String pushEndpoint,
                                       int ackDeadlineSeconds) {
        PushConfig pushConfig = PushConfig.newBuilder().setPushEndpoint(pushEndpoint).build();
        try {
            clients().subscriptions.createSubscription(Subscription.newBuilder()
                    .setName(subscriptionPath(subscription))
                    .setTopic(topicPath(topic))
                    .setPushConfig(pushConfig)
                    .setAckDeadlineSeconds(ackDeadlineSeconds)
                    .build());
        } catch (AlreadyExistsException e) {
            clients().subscriptions.modifyPushConfig(subscriptionPath(subscription), pushConfig);
        }
    }

    /** Publishes one message and returns the id the emulator gave it. */
    public String publish(String topic, byte[] data, Map<String, String> attributes) {
        PubsubMessage message = PubsubMessage.newBuilder()
                .setData(ByteString.copyFrom(data))
                .putAllAttributes(attributes)
                .build();
        return clients().topics.publish(topicPath(topic), List.of(message)).getMessageIds(0);
    }

    /**
     * Pulls and acknowledges messages until {@code max} have arrived or {@code timeout} has passed, and returns
     * those that arrived (possibly none).
     */
    @SuppressWarnings("deprecation") // returnImmediately: lets this method poll against its own deadline.
    public List<ReceivedMessage> pull(String subscription, int max, Duration timeout) {
        String path = subscriptionPath(subscription);
        SubscriptionAdminClient subscriptions = clients().subscriptions;
        List<ReceivedMessage> received = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received.size() < max) {
            PullResponse response = subscriptions.pull(PullRequest.newBuilder()
                    .setSubscription(path)
                    .setMaxMessages(max - received.size())
                    .setReturnImmediately(true)
                    .build());
            if (response.getReceivedMessagesCount() > 0) {
                List<String> ackIds = new ArrayList<>();
                for (com.google.pubsub.v1.ReceivedMessage message : response.getReceivedMessagesList()) {
                    ackIds.add(message.getAckId());
                    received.add(toReceived(message.getMessage()));
                }
                subscriptions.acknowledge(path, ackIds);
            } else if (System.nanoTime() >= deadline) {
                break;
            } else {
                GcloudEmulatorProcess.sleep(PULL_POLL);
            }
        }
        return received;
    }

    /** Deletes the subscription if it exists. */
    public void deleteSubscription(String subscription) {
        try {
            clients().subscriptions.deleteSubscription(subscriptionPath(subscription));
        } catch (NotFoundException e) {
            // Already gone.
        }
    }

    /** Deletes the topic if it exists (its subscriptions stay, detached, until deleted). */
    public void deleteTopic(String topic) {
        try {
            clients().topics.deleteTopic(topicPath(topic));
        } catch (NotFoundException e) {
            // Already gone.
        }
    }

    /** Deletes every subscription and topic of {@link #projectId()}, so a test starts clean. */
    public void reset() {
        PubSubClients clients = clients();
        List<String> subscriptions = new ArrayList<>();
        clients.subscriptions.listSubscriptions(ProjectName.of(projectId))
                .iterateAll().forEach(s -> subscriptions.add(s.getName()));
        subscriptions.forEach(this::deleteSubscription);
        List<String> topics = new ArrayList<>();
        clients.topics.listTopics(ProjectName.of(projectId)).iterateAll().forEach(t -> topics.add(t.getName()));
        topics.forEach(this::deleteTopic);
    }

    private static ReceivedMessage toReceived(PubsubMessage message) {
        Instant publishTime = Instant.ofEpochSecond(message.getPublishTime().getSeconds(),
                message.getPublishTime().getNanos());
        return new ReceivedMessage(message.getMessageId(), message.getData().toByteArray(),
                message.getAttributesMap(), publishTime);
    }

    private SharedEmulator emulator() {
        return SharedEmulator.obtain(EmulatorKind.PUBSUB);
    }

    private PubSubClients clients() {
        SharedEmulator emulator = emulator();
        return emulator.resource("pubsub-clients", PubSubClients.class, () -> PubSubClients.connect(emulator.host()));
    }

    @Override
    public String toString() {
        return "PubSubEmulator[project=" + projectId + "]";
    }
}
