package com.returnsorter.service.access;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import java.util.List;
import java.util.Map;

/**
 * An {@code X-API-Key} header that is one of the service's {@link ApiKeys}: the caller is the key's
 * name with role {@link Roles#API} (and {@link Roles#INTERNAL} for internal keys). A missing or
 * unknown key authenticates nobody; the reason is noted for the 401. While the service has no keys
 * (open mode) the header is ignored and {@link AnonymousAccessFetcher} grants the API role.
 */
@Singleton
@Requires(beans = ApiKeys.class)
public class ApiKeyAuthenticationFetcher implements AuthenticationFetcher<HttpRequest<?>> {

    public static final String HEADER = "X-API-Key";
    /** Attribute of an API-key authentication: the key's name, e.g. for rate-limit buckets. */
    public static final String KEY_NAME = "apiKey";

    /** After push tokens, before IAP and the anonymous grants (the first authentication found wins). */
    public static final int ORDER = 100;

    private final ApiKeys keys;

    public ApiKeyAuthenticationFetcher(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        if (!keys.required()) {
            return Publishers.empty();
        }
        String presented = request.getHeaders().get(HEADER);
        if (presented == null || presented.isBlank()) {
            AccessDenial.note(request, Roles.API, "unauthorized", "an API key is required: send it in the " + HEADER + " header");
            return Publishers.empty();
        }
        return keys.find(presented.strip())
                .map(key -> Publishers.just(Authentication.build(key.name(),
                        key.internal() ? List.of(Roles.API, Roles.INTERNAL) : List.of(Roles.API),
                        Map.of(KEY_NAME, key.name()))))
                .orElseGet(() -> {
                    AccessDenial.note(request, Roles.API, "unauthorized", "the API key in " + HEADER + " is not valid");
                    return Publishers.empty();
                });
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
