package com.returnsorter.events;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Run ids: {@code yyyyMMdd_HHmmss} (UTC) of the trigger's publish time, an underscore and six
 * lower-case letters or digits derived from the message id. A redelivered message therefore
 * names the same run, and runs sort by time.
 */
public final class RunIds {

    public static final String PATTERN = "\\d{8}_\\d{6}_[0-9a-z]{6}";

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

    private RunIds() {
    }

    public static String of(Instant publishTime, String messageId) {
        // FNV-1a over the message id: stable, well spread, and never depends on its format.
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < messageId.length(); i++) {
            hash ^= messageId.charAt(i);
            hash *= 0x100000001b3L;
        }
        StringBuilder suffix = new StringBuilder(6);
        long rest = hash & Long.MAX_VALUE;
        for (int i = 0; i < 6; i++) {
            suffix.append(ALPHABET.charAt((int) (rest % ALPHABET.length())));
            rest /= ALPHABET.length();
        }
        return FORMAT.format(publishTime) + "_" + suffix;
    }

    public static boolean isValid(String runId) {
        return runId != null && runId.matches(PATTERN);
    }
}
