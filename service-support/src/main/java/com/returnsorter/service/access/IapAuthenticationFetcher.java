package com.returnsorter.service.access;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * The {@code x-goog-iap-jwt-assertion} header IAP adds to every request it lets through. A person also
 * gets what everyone gets ({@link AnonymousGrant}s: the API role while the service has no keys).
 * Verified synchronously, like push tokens (see {@link PushTokenAuthenticationFetcher}).
 */
@Singleton
@Requires(beans = IapAccess.class)
public class IapAuthenticationFetcher implements AuthenticationFetcher<HttpRequest<?>> {

    private final IapAccess access;
    private final List<AnonymousGrant> grants;

    public IapAuthenticationFetcher(IapAccess access, List<AnonymousGrant> grants) {
        this.access = access;
        this.grants = grants;
    }

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        if (!access.verifiesAssertions()) {
            if (access.localUser().isEmpty()) {
                AccessDenial.note(request, Roles.PEOPLE, "unauthorized", "pages need Identity-Aware Proxy, and this"
                        + " service has none configured (IAP_AUDIENCE)");
            }
            return Publishers.empty();
        }
        String assertion = request.getHeaders().get(IapConfiguration.ASSERTION_HEADER);
        if (assertion == null || assertion.isBlank()) {
            AccessDenial.note(request, Roles.PEOPLE, "unauthorized", "sign in through Identity-Aware Proxy (no IAP assertion)");
            return Publishers.empty();
        }
        return Mono.fromCallable(() -> withGrants(access.authenticate(assertion.strip()), request))
                .onErrorResume(e -> {
                    AccessDenial.note(request, Roles.PEOPLE, "unauthorized", "the IAP assertion was not accepted: " + e.getMessage());
                    return Mono.empty();
                });
    }

    private Authentication withGrants(Authentication person, HttpRequest<?> request) {
        List<String> roles = new ArrayList<>(person.getRoles());
        grants.stream().map(grant -> grant.role(request)).flatMap(Optional::stream).filter(role -> !roles.contains(role))
                .forEach(roles::add);
        return Authentication.build(person.getName(), roles, person.getAttributes());
    }

    @Override
    public int getOrder() {
        // After API keys: a program calling through IAP with a key is known by its key.
        return ApiKeyAuthenticationFetcher.ORDER + 10;
    }
}
