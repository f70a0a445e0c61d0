package com.returnsorter.report.picklists;

import com.returnsorter.service.startup.InvalidConfigurationException;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where each category is shelved ({@code warehouse.locations}, environment {@code WAREHOUSE_LOCATIONS}):
 * {@code Category=Location} entries separated by {@code ;}, e.g. {@code Coat=Section A, Aisle 3;Dress=Section B, Aisle 1}.
 * Parsed at start; an entry without {@code =}, an empty category or location, or a category named
 * twice stops the service with a line naming {@code WAREHOUSE_LOCATIONS}.
 */
@ConfigurationProperties(WarehouseConfiguration.PREFIX)
@Context
// Only in this service, as its AccessFactory: another module's tests may see these classes.
@io.micronaut.context.annotation.Requires(property = "micronaut.application.name", value = "report-function")
public record WarehouseConfiguration(@Bindable(defaultValue = "") @Nullable String locations) {

    public static final String PREFIX = "warehouse";
    static final String SETTING = "WAREHOUSE_LOCATIONS";
    /** What a pick list says for a category without a configured location. */
    public static final String UNASSIGNED = "no location configured";

    public WarehouseConfiguration {
        parse(locations); // fail fast
    }

    /** Category → location, in the configured order. */
    public Map<String, String> byCategory() {
        return parse(locations);
    }

    public Optional<String> locationOf(@Nullable String category) {
        return category == null ? Optional.empty() : Optional.ofNullable(byCategory().get(category));
    }

    static Map<String, String> parse(@Nullable String value) {
        Map<String, String> parsed = new LinkedHashMap<>();
        if (value == null || value.isBlank()) {
            return parsed;
        }
        int index = 0;
        for (String entry : value.split(";", -1)) {
            index++;
            if (entry.isBlank()) {
                if (index == value.split(";", -1).length) {
                    continue; // a trailing ';'
                }
                throw new InvalidConfigurationException(SETTING, "entry " + index + " is empty");
            }
            int equals = entry.indexOf('=');
            if (equals < 0) {
                throw new InvalidConfigurationException(SETTING, "entry " + index + " ('" + entry.strip()
                        + "') has no '=': write Category=Location;Category=Location");
            }
            String category = entry.substring(0, equals).strip();
            String location = entry.substring(equals + 1).strip();
            if (category.isEmpty() || location.isEmpty()) {
                throw new InvalidConfigurationException(SETTING, "entry " + index + " ('" + entry.strip()
                        + "') needs both a category and a location");
            }
            if (parsed.putIfAbsent(category, location) != null) {
                throw new InvalidConfigurationException(SETTING, "category '" + category + "' is named twice");
            }
        }
        return Collections.unmodifiableMap(parsed);
    }
}
