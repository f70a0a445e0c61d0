package com.returnsorter.service.access;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

import java.util.Optional;

/** Open mode: while a service has no API keys configured, anyone may use its API (rate limited per address in predict). */
@Singleton
@Requires(beans = ApiKeys.class)
public class OpenApiGrant implements AnonymousGrant {

    private final ApiKeys keys;

    public OpenApiGrant(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public Optional<String> role(HttpRequest<?> request) {
        return keys.required() ? Optional.empty() : Optional.of(Roles.API);
    }
}
