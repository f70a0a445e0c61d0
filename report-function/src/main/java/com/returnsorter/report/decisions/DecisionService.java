package com.returnsorter.report.decisions;

import com.returnsorter.events.BucketLayout;
import com.returnsorter.report.workspace.Workspace;
import com.returnsorter.report.workspace.WorkspaceConfiguration;
import com.returnsorter.service.api.ApiException;
import com.returnsorter.storage.ObjectAlreadyExistsException;
import com.returnsorter.storage.ObjectInfo;
import com.returnsorter.storage.ObjectKeys;
import com.returnsorter.storage.ObjectMover;
import com.returnsorter.storage.ObjectNotFoundException;
import com.returnsorter.storage.ObjectStore;
import com.returnsorter.storage.PreconditionFailedException;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A reviewer's decision on a photo in {@code review/} (or {@code rejected/}): claims the photo's
 * version in the {@link DecisionStore} (of two deciders exactly one claim succeeds), moves it with the
 * storage module's never-overwrite {@link ObjectMover} ({@code processed/<Final>/<name>} or
 * {@code rejected/<name>}, a suffix when the name is taken), then records where it went.
 *
 * <p>Idempotent: asking again for what was decided answers the same record and changes nothing.
 * Asking for something else, or deciding on a photo that has moved or changed meanwhile, is a 409
 * whose reason says what happened.
 */
@Singleton
public class DecisionService {

    private static final Logger LOG = LoggerFactory.getLogger(DecisionService.class);
    private static final int NOTE_LIMIT = 500;

    private final ObjectStore store;
    private final ObjectMover mover;
    private final DecisionStore decisions;
    private final WorkspaceConfiguration configuration;
    private final Clock clock;

    public DecisionService(ObjectStore store, DecisionStore decisions, WorkspaceConfiguration configuration, Clock clock) {
        this.store = store;
        this.mover = new ObjectMover(store);
        this.decisions = decisions;
        this.configuration = configuration;
        this.clock = clock;
    }

    /** Decides, moves and records; the record says where the photo is now. */
    public DecisionRecord decide(DecisionRequest request, String decidedBy) {
        try {
            return Workspace.guarded(() -> decideGuarded(request, decidedBy));
        } catch (ObjectNotFoundException | PreconditionFailedException e) {
            throw new ApiException(409, "photo-moved", "the photo moved or changed while it was being filed; reload the queue");
        }
    }

    private DecisionRecord decideGuarded(DecisionRequest request, String decidedBy) {
        String object = Workspace.requirePhotoKey(request.object());
        boolean inReview = object.startsWith(BucketLayout.REVIEW) && Workspace.categoryFolder(object) != null
                && object.length() > BucketLayout.REVIEW.length() + Workspace.categoryFolder(object).length() + 1;
        boolean inRejected = object.startsWith(BucketLayout.REJECTED);
        if (!inReview && !inRejected) {
            throw new ApiException(400, "not-in-review", "decisions are made on photos in review/<Category>/ or rejected/; got "
                    + ObjectKeys.escape(object));
        }
        Decision decision = Decision.fromWire(request.decision());
        if (decision == null) {
            throw new ApiException(400, "invalid-decision", "decision must be approve, correct or reject; got '"
                    + request.decision() + "'");
        }
        String category = request.category() == null || request.category().isBlank() ? null : request.category().strip();
        if (decision == Decision.CORRECT) {
            if (category == null) {
                throw new ApiException(400, "missing-category", "a correction names the category: one of "
                        + String.join(", ", configuration.categories()));
            }
            if (!configuration.categories().contains(category)) {
                throw new ApiException(400, "unknown-category", "'" + category + "' is not a category; choose one of "
                        + String.join(", ", configuration.categories()));
            }
        }
        if (inRejected && decision != Decision.CORRECT) {
            throw new ApiException(400, "already-rejected", "a photo in rejected/ can only be filed under a category"
                    + " (decision correct with a category)");
        }
        String note = request.note() == null || request.note().isBlank() ? null : request.note().strip();
        if (note != null && note.length() > NOTE_LIMIT) {
            throw new ApiException(400, "note-too-long", "a note has at most " + NOTE_LIMIT + " characters");
        }

        Optional<ObjectInfo> current = store.stat(object);
        if (current.isEmpty()) {
            return alreadySettled(object, decision, category);
        }
        ObjectInfo photo = current.get();
        if (request.generation() != null && request.generation() != photo.generation()) {
            throw new ApiException(409, "photo-changed", ObjectKeys.escape(object)
                    + " was replaced by a newer photo after the page showed it; reload and look again");
        }

        ItemRef item = decisions.itemsAt(List.of(object)).get(object);
        String modelCategory = item != null && item.item().category() != null ? item.item().category()
                : inReview ? Workspace.categoryFolder(object) : null;
        Double modelConfidence = item == null ? null : item.item().confidence();
        String finalCategory = switch (decision) {
            case APPROVE -> modelCategory;
            case CORRECT -> category;
            case REJECT -> null;
        };
        DecisionRecord pending = new DecisionRecord(DecisionRecord.idOf(object, photo.generation()), object,
                photo.generation(), item == null ? null : item.runId(), item == null ? null : item.item().itemId(),
                modelCategory, modelConfidence, decision, finalCategory, null, decidedBy, clock.instant(), note,
                DecisionRecord.State.PENDING);

        Optional<DecisionRecord> holder = decisions.claim(pending);
        if (holder.isPresent()) {
            DecisionRecord other = holder.get();
            if (!other.sameOutcomeAs(decision, finalCategory)) {
                throw conflict(other);
            }
            if (other.state() == DecisionRecord.State.DONE) {
                return other;
            }
            if (other.decidedAt().plus(configuration.decisionLease()).isAfter(clock.instant())) {
                throw new ApiException(409, "decision-in-progress", other.decidedBy() + " is filing this photo right now ("
                        + describe(other) + "); reload in a moment", 2);
            }
            LOG.warn("taking over decision {} on {}, pending since {}", other.decisionId(), ObjectKeys.escape(object),
                    other.decidedAt());
            pending = other;
        }
        return move(pending, photo);
    }

    private DecisionRecord move(DecisionRecord pending, ObjectInfo photo) {
        String target = target(pending);
        String movedTo;
        try {
            movedTo = mover.move(photo, target);
        } catch (ObjectNotFoundException | PreconditionFailedException e) {
            decisions.release(pending);
            throw new ApiException(409, "photo-moved", ObjectKeys.escape(photo.key())
                    + " moved or changed while it was being filed; reload the queue");
        } catch (ObjectAlreadyExistsException e) {
            decisions.release(pending);
            throw new ApiException(409, "no-free-name", e.getMessage());
        } catch (RuntimeException e) {
            // A copy left behind is recognised by its checksum and completed by the next attempt.
            decisions.release(pending);
            throw e;
        }
        DecisionRecord done = pending.done(movedTo);
        decisions.complete(done);
        LOG.info("{} {} {} -> {}", done.decidedBy(), done.decision().outcome(), ObjectKeys.escape(done.object()),
                ObjectKeys.escape(done.destination()));
        return done;
    }

    /** The photo is not at its key: answer the decision that moved it, or say it moved. */
    private DecisionRecord alreadySettled(String object, Decision decision, @Nullable String category) {
        List<DecisionRecord> earlier = decisions.onObject(object);
        for (DecisionRecord other : earlier) {
            String finalCategory = switch (decision) {
                case APPROVE -> other.modelCategory();
                case CORRECT -> category;
                case REJECT -> null;
            };
            if (other.state() == DecisionRecord.State.DONE) {
                if (other.sameOutcomeAs(decision, finalCategory)) {
                    return other;
                }
                throw conflict(other);
            }
        }
        if (!earlier.isEmpty()) {
            throw new ApiException(409, "decision-in-progress", earlier.get(0).decidedBy()
                    + " is filing this photo right now (" + describe(earlier.get(0)) + "); reload in a moment", 2);
        }
        throw new ApiException(409, "photo-moved", ObjectKeys.escape(object)
                + " is no longer there (moved or deleted outside the review page); reload the queue");
    }

    private static ApiException conflict(DecisionRecord other) {
        String where = other.destination() == null ? "" : "; it is at " + other.destination();
        return new ApiException(409, "already-decided", other.decidedBy() + " already " + describe(other) + " at "
                + other.decidedAt() + where);
    }

    private static String describe(DecisionRecord d) {
        return switch (d.decision()) {
            case APPROVE -> "approved it as " + d.finalCategory();
            case CORRECT -> "corrected it to " + d.finalCategory();
            case REJECT -> "rejected it";
        };
    }

    /** {@code processed/<Final>/<rest>} or {@code rejected/<rest>}, keeping any sub-folders below the category. */
    static String target(DecisionRecord d) {
        String object = d.object();
        String rest;
        if (object.startsWith(BucketLayout.REJECTED)) {
            rest = object.substring(BucketLayout.REJECTED.length());
        } else {
            rest = object.substring(BucketLayout.REVIEW.length() + Workspace.categoryFolder(object).length() + 1);
        }
        return d.decision() == Decision.REJECT
                ? BucketLayout.REJECTED + rest
                : BucketLayout.PROCESSED + BucketLayout.categorySegment(d.finalCategory()) + "/" + rest;
    }

    /** When the store's clock says now (for exports' defaults). */
    public Instant now() {
        return clock.instant();
    }
}
