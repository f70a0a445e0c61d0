package com.returnsorter.predict.access;

import com.returnsorter.predict.PredictConfiguration;
import com.returnsorter.service.access.ApiKeyAuthenticationFetcher;
import com.returnsorter.service.access.Roles;
import com.returnsorter.service.api.ApiError;
import com.returnsorter.service.api.ApiErrors;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpAttributes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.web.router.RouteMatch;
import io.micronaut.web.router.UriRouteMatch;

import java.time.Duration;

/**
 * Rate limits of the prediction routes, decided on the route the request was matched to (so
 * {@code /predict/} is {@code /predict}) and after micronaut-security accepted it: per API key, or per
 * client address ({@link ClientAddresses}) while the API is open; internal keys are not limited.
 * Over the limit: 429 with {@code Retry-After}.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class RateLimitFilter implements Ordered {

    static final String PREDICT_ROUTE = "/predict";
    static final String BATCH_ROUTE = "/predict_batch";

    private final boolean enabled;
    private final RateLimiter predictLimiter;
    private final RateLimiter batchLimiter;

    public RateLimitFilter(PredictConfiguration configuration) {
        PredictConfiguration.RateLimit limits = configuration.rateLimit();
        this.enabled = limits.enabled();
        this.predictLimiter = new RateLimiter(limits.predictPerHour(), Duration.ofHours(1), limits.maxTracked(), System::nanoTime);
        this.batchLimiter = new RateLimiter(limits.batchPerHour(), Duration.ofHours(1), limits.maxTracked(), System::nanoTime);
    }

    @RequestFilter
    @Nullable
    public MutableHttpResponse<ApiError> limit(HttpRequest<?> request) {
        String route = routeTemplate(request);
        boolean batch = BATCH_ROUTE.equals(route);
        if (!enabled || !(batch || PREDICT_ROUTE.equals(route))) {
            return null;
        }
        Authentication caller = request.getUserPrincipal(Authentication.class).orElse(null);
        if (caller != null && caller.getRoles().contains(Roles.INTERNAL)) {
            return null;
        }
        Object keyName = caller == null ? null : caller.getAttributes().get(ApiKeyAuthenticationFetcher.KEY_NAME);
        String client = keyName != null ? "key:" + keyName : "ip:" + ClientAddresses.of(request);
        long retryAfter = (batch ? batchLimiter : predictLimiter).acquire(client);
        if (retryAfter > 0) {
            return ApiErrors.response(429, "rate limit exceeded for " + route + "; retry in " + retryAfter + " s",
                            "rate-limited")
                    .header("Retry-After", String.valueOf(retryAfter));
        }
        return null;
    }

    @Nullable
    private static String routeTemplate(HttpRequest<?> request) {
        RouteMatch<?> match = request.getAttribute(HttpAttributes.ROUTE_MATCH, RouteMatch.class).orElse(null);
        return match instanceof UriRouteMatch<?, ?> uri ? uri.getRouteInfo().getUriMatchTemplate().toString() : null;
    }

    @Override
    public int getOrder() {
        // Right after micronaut-security's filter, which has authenticated the caller.
        return ServerFilterPhase.SECURITY.after();
    }
}
