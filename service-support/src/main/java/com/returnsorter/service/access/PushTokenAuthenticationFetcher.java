package com.returnsorter.service.access;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * The {@code Authorization: Bearer} OIDC token of a request routed to {@code /push}. Only the push
 * route is looked at: elsewhere a bearer token is Cloud Run's own invoker token, not ours to judge.
 *
 * <p>Verification runs synchronously, on purpose: micronaut-security's {@code SecurityFilter} subscribes
 * to all fetchers with {@code flatMap} and takes the first authentication that arrives, so an
 * asynchronous check would race the anonymous grants of open mode and lose. It does not wait for the
 * network after the first use: {@link OidcTokenVerifier} refreshes the key set ahead, in the background.
 */
@Singleton
@Requires(beans = PushAccess.class)
public class PushTokenAuthenticationFetcher implements AuthenticationFetcher<HttpRequest<?>> {

    private static final String BEARER = "Bearer ";

    private final PushAccess access;

    public PushTokenAuthenticationFetcher(PushAccess access) {
        this.access = access;
    }

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        if (!Routes.isPush(request) || access.acceptsUnsignedPushes()) {
            return Publishers.empty();
        }
        String authorization = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            AccessDenial.note(request, Roles.PUSH, "push-unauthorized", "a push needs the push service account's OIDC token"
                    + " (Authorization: Bearer)");
            return Publishers.empty();
        }
        String token = authorization.substring(BEARER.length()).strip();
        return Mono.fromCallable(() -> access.authenticate(token))
                .onErrorResume(e -> {
                    AccessDenial.note(request, Roles.PUSH, "push-unauthorized", "the push's OIDC token was not accepted: "
                            + e.getMessage());
                    return Mono.empty();
                });
    }

    @Override
    public int getOrder() {
        return ApiKeyAuthenticationFetcher.ORDER - 10;
    }
}
