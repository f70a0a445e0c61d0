package com.returnsorter.service.access;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The last fetcher: a caller without accepted credentials gets the roles of the {@link AnonymousGrant}s
 * that apply (none in a keyed deployment behind IAP). The authentication carries {@link #ANONYMOUS},
 * so rate limits key it on the client's address rather than on a name.
 */
@Singleton
public class AnonymousAccessFetcher implements AuthenticationFetcher<HttpRequest<?>> {

    /** Attribute set to {@code true} on an authentication granted without credentials. */
    public static final String ANONYMOUS = "anonymous";

    private final List<AnonymousGrant> grants;

    public AnonymousAccessFetcher(List<AnonymousGrant> grants) {
        this.grants = grants;
    }

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        List<String> roles = grants.stream().map(grant -> grant.role(request)).flatMap(Optional::stream).toList();
        if (roles.isEmpty()) {
            return Publishers.empty();
        }
        String name = grants.stream().map(AnonymousGrant::name).flatMap(Optional::stream).findFirst().orElse(ANONYMOUS);
        return Publishers.just(Authentication.build(name, roles, Map.of(ANONYMOUS, true)));
    }

    @Override
    public int getOrder() {
        return LOWEST_PRECEDENCE;
    }
}
