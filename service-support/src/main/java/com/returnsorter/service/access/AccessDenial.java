package com.returnsorter.service.access;

import io.micronaut.http.HttpRequest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Why a request's credentials were not accepted, noted per role by the authentication fetcher that
 * looked at them, and quoted by {@link AccessDeniedHandler} for the roles the matched route accepts.
 *
 * @param reason  stable code for programs ({@code unauthorized}, {@code push-unauthorized}, …)
 * @param message what the caller should do, without echoing any credential
 */
public record AccessDenial(String reason, String message) {

    private static final String ATTRIBUTE = AccessDenial.class.getName();

    /** Keeps the first problem noted for {@code role}. */
    public static void note(HttpRequest<?> request, String role, String reason, String message) {
        // Not a Map attribute: reading one back converts it into a copy, and later notes would be lost.
        ByRole byRole = request.getAttribute(ATTRIBUTE, ByRole.class).orElse(null);
        if (byRole == null) {
            byRole = new ByRole();
            request.setAttribute(ATTRIBUTE, byRole);
        }
        byRole.denials.putIfAbsent(role, new AccessDenial(reason, message));
    }

    /** The problems noted for any of {@code roles}, as one denial; null when none was noted. */
    public static AccessDenial forRoles(HttpRequest<?> request, List<String> roles) {
        Map<String, AccessDenial> byRole = request.getAttribute(ATTRIBUTE, ByRole.class).map(b -> b.denials)
                .orElse(Map.of());
        List<AccessDenial> found = roles.stream().map(byRole::get).filter(Objects::nonNull).toList();
        if (found.isEmpty()) {
            return null;
        }
        return new AccessDenial(found.get(0).reason(),
                found.stream().map(AccessDenial::message).distinct().collect(Collectors.joining("; or ")));
    }

    private static final class ByRole {
        private final Map<String, AccessDenial> denials = new LinkedHashMap<>();
    }
}
