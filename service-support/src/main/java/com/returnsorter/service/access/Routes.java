package com.returnsorter.service.access;

import io.micronaut.http.HttpAttributes;
import io.micronaut.http.HttpRequest;
import io.micronaut.web.router.MethodBasedRouteMatch;
import io.micronaut.web.router.RouteMatch;
import io.micronaut.security.annotation.Secured;

import java.util.List;

/** What the router matched for a request — never its raw path, which has many spellings. */
public final class Routes {

    /** micronaut-gcp's push endpoint; named, not imported, so services without Pub/Sub need not depend on it. */
    static final String PUSH_CONTROLLER = "io.micronaut.gcp.pubsub.push.PushController";

    private Routes() {
    }

    /** The roles the matched route's {@code @Secured} accepts; empty when it has none. */
    public static List<String> securedRoles(HttpRequest<?> request) {
        RouteMatch<?> match = request.getAttribute(HttpAttributes.ROUTE_MATCH, RouteMatch.class).orElse(null);
        if (match instanceof MethodBasedRouteMatch<?, ?> method) {
            return List.of(method.stringValues(Secured.class));
        }
        return List.of();
    }

    /** Whether the request was routed to micronaut-gcp's {@code PushController}. */
    public static boolean isPush(HttpRequest<?> request) {
        RouteMatch<?> match = request.getAttribute(HttpAttributes.ROUTE_MATCH, RouteMatch.class).orElse(null);
        return match instanceof MethodBasedRouteMatch<?, ?> method
                && method.getDeclaringType().getName().equals(PUSH_CONTROLLER);
    }
}
