package com.returnsorter.service.api;

import io.micronaut.http.HttpRequest;

import java.util.Optional;

/**
 * A service's advice for a client whose request had no or the wrong Content-Type, quoted in the
 * 400/415 error ("send multipart/form-data with a 'file' part …").
 */
@FunctionalInterface
public interface RequestHints {

    /** What to send to {@code request}'s path, or empty when this service has no advice for it. */
    Optional<String> whatToSend(HttpRequest<?> request);
}
