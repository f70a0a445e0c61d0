package com.returnsorter.report.decisions;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One decision on one version of a photo: {@code decisions/{decisionId}} in Firestore, a row of the
 * SQLite history locally, a line of {@code GET /decisions}. Written first as {@link State#PENDING}
 * (the claim that makes concurrent deciders agree on one winner), then {@link State#DONE} with the
 * key the photo was moved to.
 *
 * @param decisionId       {@link #idOf(String, long)} of the object and generation decided on
 * @param object           the key the photo had when decided on ({@code review/Coat/a.jpg})
 * @param generation       the version of {@code object} decided on
 * @param runId            the run whose item the photo is; null when history has no item for it
 * @param itemId           that item's id
 * @param modelCategory    what the model said; null when it said nothing (a rejected photo)
 * @param modelConfidence  the model's probability for {@code modelCategory}
 * @param decision         what the person said
 * @param finalCategory    the category the photo is filed under now; null for a rejection
 * @param destination      where the photo is now; null while pending
 * @param decidedBy        the person (their IAP e-mail; the configured local user locally)
 * @param decidedAt        when
 * @param note             what the person wrote, if anything
 */
@Serdeable
public record DecisionRecord(
        String decisionId,
        String object,
        long generation,
        @Nullable String runId,
        @Nullable String itemId,
        @Nullable String modelCategory,
        @Nullable Double modelConfidence,
        Decision decision,
        @Nullable String finalCategory,
        @Nullable String destination,
        String decidedBy,
        Instant decidedAt,
        @Nullable String note,
        State state) {

    public DecisionRecord {
        Objects.requireNonNull(decisionId, "decisionId");
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(decidedBy, "decidedBy");
        Objects.requireNonNull(decidedAt, "decidedAt");
        Objects.requireNonNull(state, "state");
    }

    /** Where a decision stands. */
    @Serdeable
    public enum State {
        /** Claimed; the move may be under way. */
        PENDING,
        /** The photo is at {@link #destination()}. */
        DONE
    }

    /** One id per version of a photo: the SHA-256 of the key keeps any name safe, the generation tells versions apart. */
    public static String idOf(String object, long generation) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(object.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16) + "-" + Long.toUnsignedString(generation);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public DecisionRecord done(String movedTo) {
        return new DecisionRecord(decisionId, object, generation, runId, itemId, modelCategory, modelConfidence,
                decision, finalCategory, movedTo, decidedBy, decidedAt, note, State.DONE);
    }

    /** Whether {@code other} asks for the same outcome (same decision and category), whoever asked. */
    public boolean sameOutcomeAs(Decision otherDecision, @Nullable String otherCategory) {
        return decision == otherDecision && Objects.equals(finalCategory, otherCategory);
    }
}
