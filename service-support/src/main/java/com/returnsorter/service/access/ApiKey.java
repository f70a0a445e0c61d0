package com.returnsorter.service.access;

/**
 * A configured API key's identity (never the key itself).
 *
 * @param name     who holds it, for logs and rate-limit buckets
 * @param internal internal callers (the nightly batch) are not rate limited
 */
public record ApiKey(String name, boolean internal) {
}
