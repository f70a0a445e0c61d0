package com.returnsorter.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * A message pulled from the Pub/Sub emulator (and already acknowledged).
 *
 * @param messageId   the id the emulator gave the message when it was published
 * @param data        the payload bytes
 * @param attributes  the message attributes, never {@code null}
 * @param publishTime when the emulator accepted the message
 */
public record ReceivedMessage(String messageId, byte[] data, Map<String, String> attributes, Instant publishTime) {

    public ReceivedMessage {
        data = data.clone();
        attributes = Map.copyOf(attributes);
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The payload decoded as UTF-8. */
    public String text() {
        return new String(data, StandardCharsets.UTF_8);
    }
}
