package com.returnsorter.service.access;

import com.returnsorter.service.api.ApiException;


import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The accepted API keys of a service, from its configuration (e.g. {@code PREDICT_API_KEYS}, which
 * Cloud Run fills from Secret Manager). Entries are {@code name:key} or {@code name:key:internal}, comma separated.
 * Only SHA-256 digests of the keys are kept, and lookups compare digests, so a key never sits in
 * memory as a string to compare character by character.
 */
public final class ApiKeys {

    private final Map<String, ApiKey> byDigest = new HashMap<>();

    public ApiKeys(List<String> entries) {
        for (String entry : entries) {
            if (entry == null || entry.isBlank()) {
                continue;
            }
            String[] parts = entry.strip().split(":");
            if (parts.length < 2 || parts.length > 3 || parts[0].isBlank() || parts[1].length() < 16
                    || (parts.length == 3 && !parts[2].equals("internal"))) {
                throw new IllegalArgumentException("an API key entry must be name:key or name:key:internal with a key of"
                        + " at least 16 characters; got an entry named '" + (parts.length > 0 ? parts[0] : "") + "'");
            }
            byDigest.put(digest(parts[1]), new ApiKey(parts[0], parts.length == 3));
        }
    }

    /** Whether any key is configured; when none is, the API is open. */
    public boolean required() {
        return !byDigest.isEmpty();
    }

    /**
     * Checks a request's {@code X-API-Key}.
     *
     * @return the caller's key, or empty when the API is open (no key configured)
     * @throws ApiException 401 {@code unauthorized} when keys are configured and this is not one of them
     */
    public Optional<ApiKey> authorize(String presented) {
        if (!required()) {
            return Optional.empty();
        }
        return Optional.of(find(presented).orElseThrow(
                () -> new ApiException(401, "unauthorized", "send a valid X-API-Key header")));
    }

    public Optional<ApiKey> find(String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > 512) {
            return Optional.empty();
        }
        return Optional.ofNullable(byDigest.get(digest(presented)));
    }

    private static String digest(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
