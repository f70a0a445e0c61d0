package com.returnsorter.service.api;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Gives the framework's own errors (unknown route, wrong method, unsupported content type, body
 * too large, unreadable body, missing part) the same {@code {error, status, timestamp}} shape as
 * the API's, with a message a client can act on and never a stack trace.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public class ApiErrorResponseProcessor implements ErrorResponseProcessor<ApiError> {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrorResponseProcessor.class);

    private final List<RequestHints> hints;

    public ApiErrorResponseProcessor(List<RequestHints> hints) {
        this.hints = hints;
    }

    @Override
    public MutableHttpResponse<ApiError> processResponse(ErrorContext context, MutableHttpResponse<?> base) {
        int status = base.getStatus().getCode();
        String message = message(context, status);
        if (status >= 500) {
            LOG.error("Request {} {} failed", context.getRequest().getMethod(), context.getRequest().getPath(),
                    context.getRootCause().orElse(null));
        }
        if (context.getRequest().getMethod() == HttpMethod.HEAD) {
            return base.body(null);
        }
        return base.contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(ApiError.of(status, message, reason(status)));
    }

    private String message(ErrorContext context, int status) {
        HttpRequest<?> request = context.getRequest();
        if (status == 400 && request.getMethod() == HttpMethod.POST && request.getContentType().isEmpty()) {
            // Without a Content-Type every /predict variant matches and Micronaut reports the ambiguity.
            return "the request has no Content-Type; " + whatToSend(request);
        }
        return switch (status) {
            case 404 -> "no such endpoint: " + context.getRequest().getPath() + " (GET / lists the endpoints)";
            case 405 -> context.getRequest().getMethod() + " is not allowed on " + context.getRequest().getPath();
            case 413 -> "the request body is larger than the 10 MB limit";
            case 415 -> "unsupported content type " + request.getContentType().map(MediaType::toString).orElse("(none)")
                    + "; " + whatToSend(request);
            case 500, 502, 503 -> "the service could not process the request; try again";
            default -> {
                String detail = context.getErrors().stream().map(Error::getMessage)
                        .collect(Collectors.joining("; "));
                yield detail.isBlank() ? "bad request" : sanitize(detail);
            }
        };
    }

    private String whatToSend(HttpRequest<?> request) {
        return hints.stream().map(h -> h.whatToSend(request)).flatMap(Optional::stream).findFirst()
                .orElse("send a JSON body (Content-Type: application/json)");
    }

    private static String reason(int status) {
        return switch (status) {
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 413 -> "too-large";
            case 415 -> "unsupported-media-type";
            default -> status >= 500 ? "internal" : "bad-request";
        };
    }

    /** Framework messages may quote the client's input; keep them short and on one line. */
    private static String sanitize(String message) {
        String oneLine = message.replaceAll("[\\r\\n\\t]+", " ").strip();
        String lower = oneLine.toLowerCase(Locale.ROOT);
        if (lower.contains("exception") && lower.contains(" at ")) {
            return "the request could not be read";
        }
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
    }
}
