package com.returnsorter.service.access;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecuredAnnotationRule;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.rules.SecurityRuleResult;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * micronaut-gcp's {@code PushController} carries no {@code @Secured}, so this rule gives its route
 * the push role: decided on the matched route, whatever the spelling of the path. Without
 * {@link PushAccess} (a service with no push configuration) the route matches no rule and
 * micronaut-security refuses it.
 */
@Singleton
@Requires(beans = PushAccess.class)
public class PushRouteRule implements SecurityRule<HttpRequest<?>> {

    private final PushAccess access;

    public PushRouteRule(PushAccess access) {
        this.access = access;
    }

    @Override
    public Publisher<SecurityRuleResult> check(HttpRequest<?> request, Authentication authentication) {
        if (!Routes.isPush(request)) {
            return Mono.just(SecurityRuleResult.UNKNOWN);
        }
        boolean allowed = access.acceptsUnsignedPushes()
                || (authentication != null && authentication.getRoles().contains(Roles.PUSH));
        if (!allowed) {
            AccessDenial.note(request, Roles.PUSH, "push-unauthorized", "only the push service account may push");
        }
        return Mono.just(allowed ? SecurityRuleResult.ALLOWED : SecurityRuleResult.REJECTED);
    }

    @Override
    public int getOrder() {
        return SecuredAnnotationRule.ORDER - 100;
    }
}
