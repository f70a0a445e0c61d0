package com.returnsorter.service.access;

import com.returnsorter.service.api.ApiError;
import com.returnsorter.service.api.ApiErrors;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Every refusal by micronaut-security as the API's JSON error, never a redirect or a page:
 * 401 when no accepted credential came with the request (saying which was missing or wrong),
 * 403 when the caller is known but may not use the route — and always 403 on {@code /push}.
 */
@Produces
@Singleton
@Replaces(DefaultAuthorizationExceptionHandler.class)
public class AccessDeniedHandler implements ExceptionHandler<AuthorizationException, MutableHttpResponse<?>> {

    private static final Logger LOG = LoggerFactory.getLogger(AccessDeniedHandler.class);

    @Override
    public MutableHttpResponse<?> handle(HttpRequest request, AuthorizationException exception) {
        boolean push = Routes.isPush(request);
        AccessDenial denial = AccessDenial.forRoles(request, push ? List.of(Roles.PUSH) : Routes.securedRoles(request));
        MutableHttpResponse<ApiError> response;
        if (push) {
            String message = denial != null ? denial.message() : "only the push service account may push";
            LOG.warn("Refused a push: {}", message);
            response = ApiErrors.response(403, message, "push-unauthorized");
        } else if (exception.isForbidden() && !anonymous(exception)) {
            response = ApiErrors.response(403, "this endpoint is not open to " + describe(exception), "forbidden");
        } else if (denial != null) {
            response = ApiErrors.response(401, denial.message(), denial.reason());
        } else {
            response = ApiErrors.response(401, "this endpoint needs credentials: an API key in the "
                    + ApiKeyAuthenticationFetcher.HEADER + " header", "unauthorized");
        }
        return request.getMethod() == HttpMethod.HEAD ? response.body(null) : response;
    }

    /** Granted roles without credentials (open mode) do not make a caller known: still a 401 saying what to send. */
    private static boolean anonymous(AuthorizationException exception) {
        return exception.getAuthentication() == null || Boolean.TRUE.equals(
                exception.getAuthentication().getAttributes().get(AnonymousAccessFetcher.ANONYMOUS));
    }

    private static String describe(AuthorizationException exception) {
        return exception.getAuthentication() == null ? "anonymous callers"
                : "the caller '" + exception.getAuthentication().getName() + "'";
    }
}
