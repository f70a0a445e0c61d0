package com.returnsorter.events;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/**
 * The JSON body Pub/Sub POSTs to a push endpoint:
 * {@code {"message": {"data": base64, "attributes", "messageId", "publishTime"}, "subscription": "projects/p/subscriptions/s"}}.
 * Local mode "publishes" by POSTing one of these to the other service, and tests send the same bytes.
 */
@Serdeable
public record PushEnvelope(Message message, String subscription) {

    @Serdeable
    public record Message(String data, @Nullable Map<String, String> attributes, String messageId, String publishTime) {

        public byte[] decodedData() {
            return data == null ? new byte[0] : Base64.getDecoder().decode(data);
        }
    }

    /** A new message with a random id, published now. */
    public static PushEnvelope of(String projectId, String subscription, byte[] data, Map<String, String> attributes) {
        return of(projectId, subscription, data, attributes, UUID.randomUUID().toString(), Instant.now());
    }

    public static PushEnvelope of(String projectId, String subscription, byte[] data, Map<String, String> attributes,
                                  String messageId, Instant publishTime) {
        Message message = new Message(Base64.getEncoder().encodeToString(data), Map.copyOf(attributes), messageId,
                publishTime.toString());
        return new PushEnvelope(message, subscriptionPath(projectId, subscription));
    }

    public static PushEnvelope ofJson(String projectId, String subscription, String json, Map<String, String> attributes) {
        return of(projectId, subscription, json.getBytes(StandardCharsets.UTF_8), attributes);
    }

    public static String subscriptionPath(String projectId, String subscription) {
        return "projects/" + projectId + "/subscriptions/" + subscription;
    }
}
