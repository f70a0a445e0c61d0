package com.returnsorter.service.access;

import com.returnsorter.service.startup.InvalidConfigurationException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The accepted API keys of a service, from its configuration (e.g. {@code PREDICT_API_KEYS}, which
 * Cloud Run fills from Secret Manager). Entries are {@code name:key} or {@code name:key:internal}, comma separated.
 * Only SHA-256 digests of the keys are kept, and lookups compare digests, so a key never sits in
 * memory as a string to compare character by character.
 *
 * <p>An invalid list (an entry not in that form, a key shorter than {@value #MIN_KEY_LENGTH} characters, a name
 * or key used twice) is an {@link InvalidConfigurationException} naming the setting, never the key.
 */
public final class ApiKeys {

    public static final int MIN_KEY_LENGTH = 16;
    private static final int MAX_KEY_LENGTH = 512;

    private final Map<String, ApiKey> byDigest = new HashMap<>();

    /**
     * @param setting the environment variable the entries come from, for the error message
     */
    public ApiKeys(String setting, List<String> entries) {
        Set<String> names = new HashSet<>();
        int position = 0;
        for (String entry : entries) {
            position++;
            if (entry == null || entry.isBlank()) {
                continue;
            }
            String[] parts = entry.strip().split(":", -1);
            String name = parts[0].strip();
            if (parts.length < 2 || parts.length > 3 || name.isEmpty()
                    || (parts.length == 3 && !parts[2].equals("internal"))) {
                throw new InvalidConfigurationException(setting, "entry " + position
                        + " is not name:key or name:key:internal");
            }
            String key = parts[1];
            if (key.length() < MIN_KEY_LENGTH || key.length() > MAX_KEY_LENGTH) {
                throw new InvalidConfigurationException(setting, "the key named '" + name + "' has " + key.length()
                        + " characters; a key has " + MIN_KEY_LENGTH + " to " + MAX_KEY_LENGTH);
            }
            if (!names.add(name)) {
                throw new InvalidConfigurationException(setting, "the name '" + name + "' is used twice");
            }
            if (byDigest.putIfAbsent(digest(key), new ApiKey(name, parts.length == 3)) != null) {
                throw new InvalidConfigurationException(setting, "the key named '" + name
                        + "' is the same as an earlier entry's key");
            }
        }
    }

    /** Whether any key is configured; when none is, the API is open. */
    public boolean required() {
        return !byDigest.isEmpty();
    }

    public Optional<ApiKey> find(String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > MAX_KEY_LENGTH) {
            return Optional.empty();
        }
        return Optional.ofNullable(byDigest.get(digest(presented)));
    }

    private static String digest(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
