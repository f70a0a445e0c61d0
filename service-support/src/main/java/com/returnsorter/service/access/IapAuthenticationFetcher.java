package com.returnsorter.service.access;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The {@code x-goog-iap-jwt-assertion} header IAP adds to every request it lets through. */
@Singleton
@Requires(beans = IapAccess.class)
public class IapAuthenticationFetcher implements AuthenticationFetcher<HttpRequest<?>> {

    private final IapAccess access;

    public IapAuthenticationFetcher(IapAccess access) {
        this.access = access;
    }

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        if (!access.verifiesAssertions()) {
            return Publishers.empty();
        }
        String assertion = request.getHeaders().get(IapConfiguration.ASSERTION_HEADER);
        if (assertion == null || assertion.isBlank()) {
            AccessDenial.note(request, "unauthorized", "sign in through Identity-Aware Proxy (no IAP assertion)");
            return Publishers.empty();
        }
        return Mono.fromCallable(() -> access.authenticate(assertion.strip()))
                .onErrorResume(e -> {
                    AccessDenial.note(request, "unauthorized", "the IAP assertion was not accepted: " + e.getMessage());
                    return Mono.empty();
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public int getOrder() {
        // After API keys: a program calling through IAP with a key is known by its key.
        return ApiKeyAuthenticationFetcher.ORDER + 10;
    }
}
