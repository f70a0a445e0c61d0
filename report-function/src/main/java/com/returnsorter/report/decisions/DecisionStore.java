package com.returnsorter.report.decisions;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reviewers' decisions, and the look-ups of run items by key or name that the workspace needs:
 * Firestore ({@code decisions/{decisionId}}, collection-group queries over {@code items}) on Cloud Run,
 * the local SQLite history file locally. Both pass one contract test.
 *
 * <p>Failures of the backing store surface as
 * {@link com.returnsorter.report.history.HistoryUnavailableException} (503 to a client).
 */
public interface DecisionStore {

    /**
     * Records {@code pending} unless a decision with its id exists: the claim on one version of a photo.
     *
     * @return empty when this call claimed it; else the decision that holds the claim
     */
    Optional<DecisionRecord> claim(DecisionRecord pending);

    /** Marks a claimed decision done, and writes the decision fields on its run item, if it has one. */
    void complete(DecisionRecord done);

    /** Gives up a claim whose move did not happen (the photo moved meanwhile); only a pending one is removed. */
    void release(DecisionRecord pending);

    Optional<DecisionRecord> find(String decisionId);

    /** Decisions on the photo that had key {@code object}, newest first. */
    List<DecisionRecord> onObject(String object);

    /** The decision that put a photo at {@code destination}, if any. */
    Optional<DecisionRecord> movedTo(String destination);

    /** Done decisions with {@code from <= decidedAt < to}, oldest first, at most {@code limit}. */
    List<DecisionRecord> between(Instant from, Instant to, int limit);

    /** The newest run item whose destination is each key (keys without one are left out). */
    Map<String, ItemRef> itemsAt(Collection<String> destinations);

    /** Run items whose file name starts with {@code namePrefix}, newest run first, at most {@code limit}. */
    List<ItemRef> itemsNamed(String namePrefix, int limit);
}
