package com.returnsorter.service.access;

import io.micronaut.http.HttpRequest;

import java.util.Optional;

/**
 * A role given to callers who presented no accepted credential, by a deliberate configuration:
 * the API role while a service has no API keys (open mode), the people role in the {@code local}
 * environment without Identity-Aware Proxy.
 */
public interface AnonymousGrant {

    /** The role granted, or empty when this grant does not apply to the request. */
    Optional<String> role(HttpRequest<?> request);

    /** The name the caller is known by when this grant applies ({@code anonymous} unless a grant says otherwise). */
    default Optional<String> name() {
        return Optional.empty();
    }
}
