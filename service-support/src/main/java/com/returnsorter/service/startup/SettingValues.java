package com.returnsorter.service.startup;

import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.ConfigurationReader;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.env.Environment;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.naming.NameUtils;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.reflect.ReflectionUtils;
import io.micronaut.core.type.Argument;
import io.micronaut.inject.BeanDefinition;
import io.micronaut.inject.qualifiers.Qualifiers;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Refuses a setting whose value does not convert to its type, before anything else is made. Micronaut binds
 * such a value for a component with a {@code @Bindable(defaultValue = …)} to that default without a word
 * ({@code ALERT_ERROR_RATE=lots} would run with 0.10), and a value that throws while converting
 * ({@code REPORT_TIME_ZONE=Mars/Olympus}) is reported against whichever bean needed it first. Here every such
 * component of the project's {@code @ConfigurationProperties} is converted from its raw value, and the first
 * that does not convert stops the start with the property's name:
 * {@code cannot start: Invalid configuration: alerts.error-rate: cannot use 'lots' (not a number)}.
 * Strings and lists are taken as they are; ranges are checked by the beans' own validation.
 */
@Context
@Order(Ordered.HIGHEST_PRECEDENCE) // before every other bean made at start, the configuration beans included
public final class SettingValues {

    private static final String PROJECT_PACKAGE = "com.returnsorter.";
    /** What Micronaut reads as the boolean it says (true, yes, y, on; false, no, n, off); it reads any other text as false. */
    private static final Pattern BOOLEAN = Pattern.compile("(?i)true|false|yes|no|on|off|y|n");

    SettingValues(BeanContext context, Environment environment) {
        for (BeanDefinition<?> definition : context.getBeanDefinitions(Qualifiers.byStereotype(ConfigurationReader.class))) {
            if (!definition.getBeanType().getName().startsWith(PROJECT_PACKAGE)) {
                continue;
            }
            Optional<String> prefix = definition.stringValue(ConfigurationReader.class, "prefix");
            if (prefix.isEmpty()) {
                continue;
            }
            for (Argument<?> argument : definition.getConstructor().getArguments()) {
                if (argument.getAnnotationMetadata().stringValue(Bindable.class, "defaultValue").isEmpty()) {
                    continue;
                }
                check(environment, prefix.get() + "." + NameUtils.hyphenate(argument.getName()), argument.getType());
            }
        }
    }

    private static void check(Environment environment, String property, Class<?> declared) {
        Class<?> type = ReflectionUtils.getWrapperType(declared);
        if (type == String.class || Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type)) {
            return;
        }
        Optional<String> raw = environment.getProperty(property, String.class);
        if (raw.isEmpty() || raw.get().isBlank()) {
            return;
        }
        String why;
        try {
            if (type == Boolean.class && !BOOLEAN.matcher(raw.get().strip()).matches()) {
                // Micronaut reads any other text as false.
                why = "not true or false";
            } else if (environment.convert(raw.get(), type).isPresent()) {
                return;
            } else {
                why = Number.class.isAssignableFrom(type) ? "not a number" : "not a " + type.getSimpleName();
            }
        } catch (RuntimeException e) {
            why = e.getMessage() == null ? e.toString() : e.getMessage().strip().lines().findFirst().orElse("");
        }
        throw new InvalidConfigurationException(property, "cannot use '" + raw.get() + "' (" + why + ")");
    }
}
