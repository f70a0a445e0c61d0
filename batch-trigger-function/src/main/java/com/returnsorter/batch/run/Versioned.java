package com.returnsorter.batch.run;

/** A state object as read from the store, with the generation to compare-and-set against. */
public record Versioned<T>(T value, long generation) {
}
