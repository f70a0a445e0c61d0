package com.returnsorter.service.startup;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.exceptions.BeanContextException;
import io.micronaut.context.exceptions.BeanInstantiationException;
import io.micronaut.context.exceptions.DependencyInjectionException;
import io.micronaut.context.exceptions.NoSuchBeanException;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.exceptions.ApplicationStartupException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Starts a service so that a setting it cannot use stops it at once with one line that names the
 * setting: every {@code @ConfigurationProperties} bean is bound and validated at start (not at the first
 * request that needs it), and a failure is logged as {@code cannot start: <setting>: <why>} before the
 * process exits with status 1.
 */
public final class ServiceStarter {

    private static final Pattern VIOLATIONS = Pattern.compile("constraint violations:\\s*\\[(.*?)\\]", Pattern.DOTALL);
    /** What a context that cannot start throws (Micronaut maps exit codes by the exact class). */
    private static final List<Class<? extends Throwable>> STARTUP_FAILURES = List.of(
            BeanInstantiationException.class, DependencyInjectionException.class, NoSuchBeanException.class,
            BeanContextException.class, ConfigurationException.class, ApplicationStartupException.class,
            ConversionErrorException.class, ConstraintViolationException.class, IllegalStateException.class,
            IllegalArgumentException.class, RuntimeException.class);

    /** {@code com.x.BatchConfiguration.} before a property name: the type is named already. */
    private static final String QUALIFIED_TYPE = "\\b(?:[a-z][\\w$]*\\.)+[A-Z][\\w$]*\\.";
    private static final Pattern INJECTED_INTO = Pattern.compile("of class: (?:[\\w$]+\\.)*([\\w$]+)");
    private static final Pattern BEAN_TYPE = Pattern.compile("\\[(?:[\\w$]+\\.)*([\\w$]+)\\]");

    private ServiceStarter() {
    }

    public static ApplicationContext start(Class<?> application, String[] args) {
        Micronaut micronaut = failFast(Micronaut.build(args).mainClass(application).banner(false));
        // Micronaut logs a start-up failure with its stack trace and exits; its exit-code hook runs first,
        // so the one line is written there and the process ends with it.
        for (Class<? extends Throwable> type : STARTUP_FAILURES) {
            micronaut.mapError(type, failure -> {
                LoggerFactory.getLogger(application).error("cannot start: {}", reason(failure));
                System.exit(1);
                return 1;
            });
        }
        return micronaut.start();
    }

    /** Binds and validates every configuration bean when the context starts. */
    public static <B extends ApplicationContextBuilder> B failFast(B builder) {
        builder.eagerInitConfiguration(true);
        return builder;
    }

    /** The one line that says which setting is wrong and why, from whatever the context threw. */
    public static String reason(Throwable failure) {
        String bean = null;
        Throwable root = failure;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidConfigurationException invalid) {
                return invalid.getMessage();
            }
            if (cause instanceof ConstraintViolationException violations) {
                return violations.getConstraintViolations().stream().map(ServiceStarter::describe).sorted()
                        .collect(Collectors.joining("; "));
            }
            if (cause instanceof ConversionErrorException conversion) {
                return conversion.getArgument().getName() + ": cannot use '" + conversion.getConversionError()
                        .getOriginalValue().orElse("") + "' (" + firstLine(conversion.getConversionError().getCause()
                        .getMessage()) + ")";
            }
            if (cause instanceof ConfigurationException) {
                return firstLine(cause.getMessage());
            }
            String message = cause.getMessage() == null ? "" : cause.getMessage();
            Matcher violations = VIOLATIONS.matcher(message);
            if (violations.find()) {
                // Micronaut reports invalid @ConfigurationProperties as text: "[errorRate - must be …]".
                return typeIn(message) + ": " + violations.group(1).strip().replaceAll("\\s*\\n\\s*", "; ")
                        .replaceAll(QUALIFIED_TYPE, "");
            }
            if (bean == null && cause instanceof BeanInstantiationException) {
                bean = typeIn(message);
            }
            root = cause;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            Matcher injected = INJECTED_INTO.matcher(cause.getMessage() == null ? "" : cause.getMessage());
            if (injected.find()) {
                // "Failed to inject value for parameter [x] of class: com.x.BatchConfiguration": that class's
                // setting is wrong, whichever bean needing it was being made.
                bean = injected.group(1);
            }
        }
        String why = firstLine(root.getMessage() == null ? root.toString() : root.getMessage());
        return bean == null ? why : bean + ": " + why;
    }

    /** The simple name of the bean type a Micronaut message names ({@code [com.x.AlertConfiguration]}). */
    private static String typeIn(String message) {
        Matcher type = BEAN_TYPE.matcher(message);
        return type.find() ? type.group(1) : "configuration";
    }

    private static String describe(ConstraintViolation<?> violation) {
        return violation.getRootBeanClass().getSimpleName() + "." + violation.getPropertyPath() + " "
                + violation.getMessage() + " (was '" + violation.getInvalidValue() + "')";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String line = message.strip();
        int newline = line.indexOf('\n');
        return newline < 0 ? line : line.substring(0, newline).strip();
    }
}
