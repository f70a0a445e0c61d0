package com.returnsorter.predict;

import io.micronaut.core.annotation.Nullable;

/** An uploaded image and the file name the client gave it. */
public record NamedImage(@Nullable String filename, byte[] bytes) {
}
