package com.returnsorter.batch.predict;

import io.micronaut.serde.annotation.Serdeable;

/** The {@code {"object": "incoming/<name>"}} body of a by-reference prediction. */
@Serdeable
public record ObjectReference(String object) {
}
