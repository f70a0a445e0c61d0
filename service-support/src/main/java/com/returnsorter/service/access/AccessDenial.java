package com.returnsorter.service.access;

import io.micronaut.http.HttpRequest;

import java.util.Optional;

/**
 * Why a request's credentials were not accepted, noted by the authentication fetcher that looked
 * at them and quoted by {@link AccessDeniedHandler} if the route then refuses the request.
 *
 * @param reason  stable code for programs ({@code unauthorized}, {@code push-unauthorized}, …)
 * @param message what the caller should do, without echoing any credential
 */
public record AccessDenial(String reason, String message) {

    private static final String ATTRIBUTE = AccessDenial.class.getName();

    /** Keeps the first problem noted: the fetchers run in priority order. */
    public static void note(HttpRequest<?> request, String reason, String message) {
        if (request.getAttribute(ATTRIBUTE).isEmpty()) {
            request.setAttribute(ATTRIBUTE, new AccessDenial(reason, message));
        }
    }

    public static Optional<AccessDenial> of(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, AccessDenial.class);
    }
}
