package com.returnsorter.service.api;

import io.micronaut.core.annotation.Nullable;

/** A request that cannot be answered with a result; becomes an {@link ApiError} with its status. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String reason;
    private final Integer retryAfterSeconds;

    public ApiException(int status, String reason, String message) {
        this(status, reason, message, null);
    }

    public ApiException(int status, String reason, String message, @Nullable Integer retryAfterSeconds) {
        super(message);
        this.status = status;
        this.reason = reason;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    @Nullable
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
