package com.returnsorter.service.logging;

import io.micronaut.context.propagation.slf4j.MdcPropagationContext;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts the trace id of a request (W3C {@code traceparent}, else Google's {@code X-Cloud-Trace-Context},
 * both set by Cloud Run's front end) into the logging MDC for everything that request runs, on every
 * thread it hops to (Micronaut's propagated context). micronaut-gcp's {@code StackdriverJsonLayout}
 * turns the MDC entry {@value #MDC_TRACE_ID} into {@code logging.googleapis.com/trace}
 * ({@code projects/<project>/traces/<id>}), so Cloud Logging groups the request's lines.
 * A header that is not a well-formed trace id is ignored, so nothing a client sends reaches the log.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class TraceContextFilter {

    /** The MDC keys {@code StackdriverJsonLayout} reads. */
    public static final String MDC_TRACE_ID = "X-B3-TraceId";
    public static final String MDC_SPAN_ID = "X-B3-SpanId";

    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}");
    private static final Pattern CLOUD_TRACE = Pattern.compile("([0-9a-fA-F]{32})(?:/(\\d{1,20}))?(?:;o=\\d)?");
    private static final String ZEROS = "0".repeat(32);

    @RequestFilter
    public void trace(HttpRequest<?> request, MutablePropagatedContext context) {
        ids(request.getHeaders()).ifPresent(ids -> context.add(new MdcPropagationContext(ids)));
    }

    /** The MDC entries for the request's trace headers, when one is well formed. */
    static Optional<Map<String, String>> ids(HttpHeaders headers) {
        return parseTraceparent(headers.get("traceparent")).or(() -> parseCloudTrace(headers.get("X-Cloud-Trace-Context")));
    }

    static Optional<Map<String, String>> parseTraceparent(@Nullable String header) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = TRACEPARENT.matcher(header.strip());
        if (!m.matches() || m.group(1).equals(ZEROS)) {
            return Optional.empty();
        }
        return Optional.of(Map.of(MDC_TRACE_ID, m.group(1), MDC_SPAN_ID, m.group(2)));
    }

    static Optional<Map<String, String>> parseCloudTrace(@Nullable String header) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = CLOUD_TRACE.matcher(header.strip());
        if (!m.matches() || m.group(1).equals(ZEROS)) {
            return Optional.empty();
        }
        String trace = m.group(1).toLowerCase(Locale.ROOT);
        return Optional.of(m.group(2) == null ? Map.of(MDC_TRACE_ID, trace) : Map.of(MDC_TRACE_ID, trace, MDC_SPAN_ID,
                m.group(2)));
    }
}
