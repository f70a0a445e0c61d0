package com.returnsorter.service.upload;

import com.returnsorter.service.api.ApiErrors;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.io.buffer.ReadBuffer;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpVersion;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.ServerHttpRequest;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.body.ByteBody;
import io.micronaut.http.body.CloseableByteBody;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.http.server.HttpServerConfiguration;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Admits request bodies by the bytes that really arrive, and receives each body in full before
 * the request goes on to its controller.
 *
 * <p>Applies to every request that may carry a body, whatever its path, so no spelling of a route
 * ({@code /predict/}, {@code //predict}, …) and no future route can skip it. A declared
 * {@code Content-Length} is reserved from the shared {@link UploadBudget} before a byte is read;
 * a body of unknown length (chunked) reserves each chunk as it arrives. When the budget cannot
 * give what a request needs, it is answered at once with 503 {@code busy} and {@code Retry-After};
 * what it reserved comes back when its response is done, fails or the client goes away.
 *
 * <p>The body is consumed here, on the event loop, without blocking (Micronaut's
 * {@link ByteBody#split(ByteBody.SplitBackpressureMode)}: this filter reads a copy at the pace the
 * client sends, the original keeps the bytes for the controller). Only when the last byte is in
 * does the request proceed to routing's argument binding and the {@code inference} executor, so a
 * slow upload never holds an inference thread. A body that stops for longer than the read-idle
 * timeout, or takes longer than the upload timeout in all, is answered 408.
 *
 * <p>Runs after access control and rate limits, so a request refused there never reserves
 * anything.
 */
@Filter(Filter.MATCH_ALL_PATTERN)
@Requires(beans = UploadLimits.class)
public class UploadAdmissionFilter implements HttpServerFilter {

    private static final Logger LOG = LoggerFactory.getLogger(UploadAdmissionFilter.class);
    private static final String RETRY_AFTER_SECONDS = "1";

    private final UploadBudget budget;
    private final Duration readIdleTimeout;
    private final Duration uploadTimeout;
    private final long maxRequestBytes;

    public UploadAdmissionFilter(UploadBudget budget, UploadLimits configuration, HttpServerConfiguration server) {
        this.budget = budget;
        this.maxRequestBytes = server.getMaxRequestSize();
        this.readIdleTimeout = configuration.uploadReadIdleTimeout();
        this.uploadTimeout = configuration.uploadTimeout();
    }

    @Override
    public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
        long declared = request.getContentLength();
        if (declared == 0 || !HttpMethod.permitsRequestBody(request.getMethod()) || hasNoBody(request, declared)) {
            return chain.proceed(request);
        }
        UploadBudget.Reservation reservation = budget.open();
        // Micronaut answers a declared length over max-request-size with 413 itself.
        if (declared > 0 && !reservation.add(Math.min(declared, maxRequestBytes))) {
            return Mono.just(busy());
        }
        if (!(request instanceof ServerHttpRequest<?> server)) {
            // Not served by Netty (the Cloud Functions adapter hands over a body it already holds).
            return Flux.from(chain.proceed(request)).doFinally(signal -> reservation.release());
        }
        CloseableByteBody copy = server.byteBody().split(ByteBody.SplitBackpressureMode.FASTEST);
        Mono<Boolean> received = Flux.from(copy.toReadBufferPublisher())
                .timeout(readIdleTimeout)
                .map(UploadAdmissionFilter::sizeAndRelease)
                .all(bytes -> declared > 0 || reservation.add(bytes))
                .timeout(uploadTimeout)
                // Go on from another thread: continuing inside the body's completion signal would
                // re-enter Micronaut's body buffer while it is still notifying its subscribers.
                .publishOn(Schedulers.parallel());
        return received
                .onErrorResume(TimeoutException.class, e -> Mono.error(new UploadTimedOut()))
                .flatMapMany(admitted -> admitted ? chain.proceed(request) : Mono.just(busy()))
                .onErrorResume(UploadTimedOut.class, e -> Mono.just(timedOut(request)))
                .doFinally(signal -> {
                    copy.close();
                    reservation.release();
                });
    }

    /** HTTP/1.x: a request has a body only with Content-Length or Transfer-Encoding (RFC 9112, 6.3). */
    private static boolean hasNoBody(HttpRequest<?> request, long declared) {
        return declared < 0 && request.getHttpVersion() != HttpVersion.HTTP_2_0
                && !request.getHeaders().contains(HttpHeaders.TRANSFER_ENCODING);
    }

    private static long sizeAndRelease(ReadBuffer chunk) {
        try (chunk) {
            return chunk.readable();
        }
    }

    private static MutableHttpResponse<?> busy() {
        return ApiErrors.response(503, "the service is busy with other uploads; retry in a second", "busy")
                .header("Retry-After", RETRY_AFTER_SECONDS);
    }

    private MutableHttpResponse<?> timedOut(HttpRequest<?> request) {
        LOG.info("Upload to {} stopped: no byte for {} s or not complete within {} s", request.getPath(),
                readIdleTimeout.toSeconds(), uploadTimeout.toSeconds());
        return ApiErrors.response(408, "the upload was too slow: it stalled for " + readIdleTimeout.toSeconds()
                        + " s or took over " + uploadTimeout.toSeconds() + " s", "upload-timeout")
                .header("Connection", "close");
    }

    @Override
    public int getOrder() {
        // After Micronaut Security (SECURITY) and the filters placed right after it (API keys and
        // rate limits use SECURITY.after()): a refused request never reserves upload bytes.
        return ServerFilterPhase.SECURITY.after() + 10;
    }

    /** The body did not arrive in time; carried past {@code flatMapMany} so a timeout downstream is not mistaken for it. */
    private static final class UploadTimedOut extends RuntimeException {
        UploadTimedOut() {
            super(null, null, false, false);
        }
    }
}
