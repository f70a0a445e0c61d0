package com.returnsorter.report.upload;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/**
 * One file of {@code POST /uploads}.
 *
 * @param file           the name the browser sent
 * @param object         where it was stored ({@code incoming/<name>}, or {@code incoming/<name~n>} when the name was taken)
 * @param renamed        whether a suffix was added
 * @param size           bytes stored
 * @param classification the predict function's answer when "classify now" was asked; null otherwise
 */
@Serdeable
public record Uploaded(String file, String object, boolean renamed, long size,
                       @Nullable Map<String, Object> classification) {
}
