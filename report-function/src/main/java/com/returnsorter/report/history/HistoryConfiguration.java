package com.returnsorter.report.history;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where run history lives ({@code history.*}).
 *
 * @param kind                  {@code firestore} on Cloud Run, {@code sqlite} locally
 * @param sqliteFile            the SQLite file of local mode
 * @param firestoreDatabase     the Firestore database id
 * @param firestoreEmulatorHost {@code host:port} of the Firestore emulator; empty for the real service
 * @param timeout               how long one Firestore call may take before the push is nacked
 */
@ConfigurationProperties(HistoryConfiguration.PREFIX)
@Context // bound at start: an unknown kind stops the service before any store is looked for
public record HistoryConfiguration(
        // A String, not an enum: Micronaut would bind an unknown enum value to the default without a word.
        @Bindable(defaultValue = "sqlite") @NotNull @Pattern(regexp = "firestore|sqlite",
                message = "must be firestore or sqlite") String kind,
        @Bindable(defaultValue = "./local-data/history.db") @NotNull Path sqliteFile,
        @Bindable(defaultValue = "(default)") @NotNull String firestoreDatabase,
        @Nullable String firestoreEmulatorHost,
        @NotNull Duration timeout) {

    public static final String PREFIX = "history";
}
