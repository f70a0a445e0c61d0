package com.returnsorter.inference;

import io.micronaut.core.annotation.Nullable;

import java.util.Optional;

/**
 * What a {@link Preprocessor} found about the photo's subject while making its tensor: one garment
 * (no verdict), or why it is not sure ({@link Unsure}). Profiles that do not look for the subject
 * ({@code fashion-mnist}, {@code rgb}) always answer {@link #FOUND}.
 */
public record SubjectCheck(@Nullable Unsure unsure) {

    /** One subject, nothing to report. */
    public static final SubjectCheck FOUND = new SubjectCheck(null);

    public static SubjectCheck unsure(String reason, String message) {
        return new SubjectCheck(new Unsure(reason, message));
    }

    public Optional<Unsure> verdict() {
        return Optional.ofNullable(unsure);
    }
}
