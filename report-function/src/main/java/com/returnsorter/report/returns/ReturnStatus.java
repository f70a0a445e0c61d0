package com.returnsorter.report.returns;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * Where a return's photo is and what happened to it ({@code GET /returns/{returnId}}).
 *
 * @param returnId   the canonical id, {@code return_20261013_001}
 * @param displayId  the customer-service spelling, {@code RET-20261013-001}
 * @param object     the photo's key now
 * @param present    whether the photo is at {@code object} now (false: it was moved or deleted outside the workspace)
 * @param photo      the thumbnail's path
 * @param status     {@code awaiting review}, {@code sorted}, {@code approved}, {@code corrected}, {@code rejected}
 *                   or {@code not yet processed}
 * @param category   its category now (the person's when one decided, else the model's)
 * @param confidence the model's confidence for its own category
 * @param location   the warehouse location of {@code category}
 * @param runId      the run that classified it
 * @param at         when it got where it is
 * @param decidedBy  who decided, when someone did
 */
@Serdeable
public record ReturnStatus(String returnId, String displayId, String object, boolean present, String photo,
                           String status, @Nullable String category, @Nullable Double confidence,
                           @Nullable String location, @Nullable String runId, @Nullable Instant at,
                           @Nullable String decidedBy) {
}
