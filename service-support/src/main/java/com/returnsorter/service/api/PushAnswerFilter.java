package com.returnsorter.service.api;

import com.returnsorter.service.access.Routes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * micronaut-gcp's {@code PushController} answers a nack with an empty 422 and an unknown
 * subscription with a plain-text 404. Pub/Sub only reads the status, but a person replaying a
 * push by hand deserves the same JSON error as everywhere else, with a reason.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class PushAnswerFilter {

    @ResponseFilter
    public void explain(HttpRequest<?> request, MutableHttpResponse<?> response) {
        int status = response.code();
        // The matched route, not the path: /push/ is the same endpoint.
        if (status < 400 || !Routes.isPush(request) || response.getBody(ApiError.class).isPresent()) {
            return;
        }
        String detail = response.getBody(String.class).filter(body -> !body.isBlank()).orElse(null);
        ApiError error = switch (status) {
            case 404 -> ApiError.of(404, detail != null ? detail : "no listener for this subscription", "unknown-subscription");
            case 422 -> ApiError.of(422, "the message was not processed now and will be delivered again", "nack");
            default -> null;
        };
        if (error != null) {
            ((MutableHttpResponse<Object>) response).contentType(MediaType.APPLICATION_JSON_TYPE).body(error);
        }
    }
}
