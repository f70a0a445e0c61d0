package com.returnsorter.predict.access;

import com.returnsorter.predict.PredictConfiguration;
import com.returnsorter.service.api.ApiErrors;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

import java.util.concurrent.Semaphore;


/**
 * Bounds the request bodies held in memory at once. The server buffers a whole upload before the
 * controller runs, so without a bound, many concurrent large uploads exhaust the heap whatever
 * the size of the inference pool. Each prediction request reserves its {@code Content-Length}
 * from a budget of KiB — a chunked upload, whose length is unknown until it ends, reserves a
 * typical photo's 1 MiB (the request-size limit still caps it at 10 MB); when the budget is spent the request is
 * answered at once with 503 and {@code Retry-After} instead of being buffered. The reservation is
 * returned when the response completes, fails or the client goes away.
 */
@Filter({"/predict", "/predict_batch"})
public class AdmissionFilter implements HttpServerFilter {

    private static final long MAX_BODY_BYTES = 10L * 1024 * 1024 + 64 * 1024;
    private static final long UNKNOWN_LENGTH_ESTIMATE = 1024 * 1024;

    private final Semaphore budgetKiB;

    public AdmissionFilter(PredictConfiguration configuration) {
        this.budgetKiB = new Semaphore(configuration.inFlightBodyBudgetMb() * 1024);
    }

    @Override
    public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
        long length = request.getContentLength();
        long bytes = length < 0 ? UNKNOWN_LENGTH_ESTIMATE : Math.min(length, MAX_BODY_BYTES);
        int kib = (int) Math.max(1, (bytes + 1023) / 1024);
        if (!budgetKiB.tryAcquire(kib)) {
            MutableHttpResponse<?> busy = ApiErrors.response(503, "the service is busy with other uploads; retry in a second", "busy")
                    .header("Retry-After", "1");
            return Publishers.just(busy);
        }
        return Flux.from(chain.proceed(request)).doFinally(signal -> budgetKiB.release(kib));
    }

    int availableKiB() {
        return budgetKiB.availablePermits();
    }

    @Override
    public int getOrder() {
        // After the stats filter (counted) and before API keys and rate limits.
        return Ordered.HIGHEST_PRECEDENCE + 50;
    }
}
