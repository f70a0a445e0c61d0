package com.returnsorter.predict.stats;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.web.router.RouteMatch;
import io.micronaut.web.router.UriRouteMatch;

/** Times every request into Micrometer ({@link RequestStats}), by endpoint (the route's pattern, never the raw path) and status. */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class StatsFilter implements Ordered {

    private static final String STARTED = StatsFilter.class.getName() + ".started";

    private final RequestStats stats;

    public StatsFilter(RequestStats stats) {
        this.stats = stats;
    }

    @RequestFilter
    public void start(HttpRequest<?> request) {
        request.setAttribute(STARTED, System.nanoTime());
    }

    @ResponseFilter
    public void finish(HttpRequest<?> request, MutableHttpResponse<?> response) {
        Long started = request.getAttribute(STARTED, Long.class).orElse(null);
        if (started == null) {
            return;
        }
        long micros = (System.nanoTime() - started) / 1_000;
        stats.recordRequest(endpoint(request), response.code(), micros);
    }

    /** The matched route's template (so unknown paths do not create a counter each). */
    private static String endpoint(HttpRequest<?> request) {
        return request.getAttribute(io.micronaut.http.HttpAttributes.ROUTE_MATCH, RouteMatch.class)
                .filter(UriRouteMatch.class::isInstance)
                .map(match -> request.getMethod() + " " + ((UriRouteMatch<?, ?>) match).getRouteInfo().getUriMatchTemplate())
                .orElse("unmatched");
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
