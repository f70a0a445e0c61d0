package com.returnsorter.batch.run;

import com.returnsorter.reports.ItemResult;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * What one chunk of a run did, written once (create-if-absent) as
 * {@code state/journal/<runId>/<seq>.json}. Writing it commits the chunk: a delivery that finds a
 * chunk the run state does not count yet adopts it instead of redoing the photos.
 *
 * @param nextCursor  the listing position after this chunk
 * @param listingDone whether {@code incoming/} had nothing after this chunk
 * @param deferred    photos this chunk listed but did not start because the delivery's time was up; the
 *                    next chunk starts with them (the listing cursor is already past them)
 */
@Serdeable
public record JournalChunk(int seq, @Nullable String nextCursor, boolean listingDone, List<ItemResult> items,
                           @Nullable List<String> deferred) {

    public JournalChunk {
        items = items == null ? List.of() : List.copyOf(items); // an empty list is left out of the JSON
        deferred = deferred == null ? List.of() : List.copyOf(deferred);
    }

    /** Whether this chunk lists a result for {@code object}: the claim on it is journaled. */
    boolean lists(String object) {
        return items.stream().anyMatch(item -> item.object().equals(object));
    }
}
