package com.returnsorter.predict.access;

import com.returnsorter.predict.PredictConfiguration;
import com.returnsorter.service.access.ApiKey;
import com.returnsorter.service.access.ApiKeys;
import com.returnsorter.service.api.ApiError;
import com.returnsorter.service.api.ApiErrors;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.server.util.HttpClientAddressResolver;

import java.time.Duration;


/**
 * API keys and rate limits for the prediction endpoints. With keys configured, a request needs a
 * valid {@code X-API-Key} (401 otherwise). Limits apply per key, or per client address when the
 * API is open; internal keys are not limited. Over the limit: 429 with {@code Retry-After}.
 */
@ServerFilter({"/predict", "/predict_batch"})
public class AccessFilter implements Ordered {

    public static final String API_KEY_HEADER = "X-API-Key";

    private final ApiKeys keys;
    private final HttpClientAddressResolver addresses;
    private final boolean limitsEnabled;
    private final RateLimiter predictLimiter;
    private final RateLimiter batchLimiter;

    public AccessFilter(ApiKeys keys, HttpClientAddressResolver addresses, PredictConfiguration configuration) {
        this.keys = keys;
        this.addresses = addresses;
        PredictConfiguration.RateLimit limits = configuration.rateLimit();
        this.limitsEnabled = limits.enabled();
        this.predictLimiter = new RateLimiter(limits.predictPerHour(), Duration.ofHours(1), limits.maxTracked(), System::nanoTime);
        this.batchLimiter = new RateLimiter(limits.batchPerHour(), Duration.ofHours(1), limits.maxTracked(), System::nanoTime);
    }

    @RequestFilter
    @Nullable
    public MutableHttpResponse<ApiError> check(HttpRequest<?> request) {
        if (request.getMethod() != HttpMethod.POST) {
            return null;
        }
        String presented = request.getHeaders().get(API_KEY_HEADER);
        ApiKey key = null;
        if (keys.required()) {
            if (presented == null || presented.isBlank()) {
                return ApiErrors.response(401, "an API key is required: send it in the " + API_KEY_HEADER + " header", "unauthorized");
            }
            key = keys.find(presented.strip()).orElse(null);
            if (key == null) {
                return ApiErrors.response(401, "the API key is not valid", "unauthorized");
            }
        }
        if (!limitsEnabled || (key != null && key.internal())) {
            return null;
        }
        String client = key != null ? "key:" + key.name() : "ip:" + clientAddress(request);
        boolean batch = request.getPath().startsWith("/predict_batch");
        long retryAfter = (batch ? batchLimiter : predictLimiter).acquire(client);
        if (retryAfter > 0) {
            MutableHttpResponse<ApiError> response = ApiErrors.response(429, "rate limit exceeded for "
                    + (batch ? "/predict_batch" : "/predict") + "; retry in " + retryAfter + " s", "rate-limited");
            response.header("Retry-After", String.valueOf(retryAfter));
            return response;
        }
        return null;
    }

    private String clientAddress(HttpRequest<?> request) {
        String address = addresses.resolve(request);
        return address == null ? "unknown" : address;
    }

    @Override
    public int getOrder() {
        // After the stats filter, so refused requests are counted too.
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }
}
