package com.returnsorter.storage;

/**
 * The outcome of {@link ObjectMover#move}.
 *
 * @param target            the copy the move made (its key may carry a {@code ~n} suffix)
 * @param sourceAlreadyGone true when someone else moved the source first: the copy named by
 *                          {@code target} was deleted again and the object lives where the other
 *                          mover put it. False for a normal move, and also when the copy was kept
 *                          because the source vanished without another copy in sight or was
 *                          replaced by a newer version (which then stays at the source key).
 */
public record MoveResult(ObjectInfo target, boolean sourceAlreadyGone) {
}
