package com.returnsorter.service.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * Every error the API answers: {@code {error, status, timestamp}}, plus a stable {@code reason}
 * code that callers such as the nightly batch can act on (e.g. {@code not-an-image}).
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, int status, String timestamp, @Nullable String reason) {

    public static ApiError of(int status, String message, @Nullable String reason) {
        return new ApiError(message, status, Instant.now().toString(), reason);
    }
}
