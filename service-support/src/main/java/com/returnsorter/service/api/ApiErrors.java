package com.returnsorter.service.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;

/** Builds the JSON error responses of the API. */
public final class ApiErrors {

    private ApiErrors() {
    }

    public static MutableHttpResponse<ApiError> response(ApiException e) {
        MutableHttpResponse<ApiError> response = response(e.status(), e.getMessage(), e.reason());
        if (e.retryAfterSeconds() != null) {
            response.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
        }
        return response;
    }

    public static MutableHttpResponse<ApiError> response(int status, String message, String reason) {
        return HttpResponse.<ApiError>status(HttpStatus.valueOf(status))
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(ApiError.of(status, message, reason));
    }
}
