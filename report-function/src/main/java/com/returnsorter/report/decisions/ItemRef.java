package com.returnsorter.report.decisions;

import com.returnsorter.report.history.ItemRecord;

/** A run's item found by where the photo went or by its name. */
public record ItemRef(String runId, ItemRecord item) {
}
