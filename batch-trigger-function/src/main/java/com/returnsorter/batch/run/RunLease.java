package com.returnsorter.batch.run;

import com.returnsorter.storage.PreconditionFailedException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One delivery's hold on one run: the run state as this delivery last wrote it, with the lease in it.
 * Every write of the run state by the delivery goes through here (compare-and-set on the state
 * object's generation), so the workers renewing the lease inside a chunk and the chunk commits never
 * overwrite each other.
 *
 * <ul>
 *   <li><b>Renewal while working</b> ({@link #renewIfDue}): before each photo, so a chunk whose photos
 *       wait long for the predict function does not outlive its lease; at most once per
 *       {@code renewEvery}, which keeps state writes far below Cloud Storage's one write per second
 *       per object.</li>
 *   <li><b>The fence</b> ({@link #fence}), before every irreversible step (deleting a photo's source,
 *       writing a journal chunk): the lease must have at least {@code safety} left, or it is renewed,
 *       and the state object must still be at a generation this delivery wrote. Another delivery
 *       takes a run over only after its lease expired, and writes the state when it does, so a
 *       delivery that passes the fence holds the run for at least {@code safety} more.</li>
 * </ul>
 */
final class RunLease {

    private final RunRepository runs;
    private final String owner;
    private final Clock clock;
    private final Duration length;
    private final Duration renewEvery;
    private final Duration safety;
    private final Set<Long> ourGenerations = ConcurrentHashMap.newKeySet();
    private Versioned<RunState> current;
    private Instant renewedAt;
    private volatile boolean lost;

    /** Wraps a state this delivery has just written with itself as the lease owner. */
    RunLease(Versioned<RunState> written, String owner, RunRepository runs, Clock clock, Duration length,
             Duration renewEvery, Duration safety) {
        this.runs = runs;
        this.owner = owner;
        this.clock = clock;
        this.length = length;
        this.renewEvery = renewEvery;
        this.safety = safety;
        this.current = written;
        this.renewedAt = clock.instant();
        ourGenerations.add(written.generation());
    }

    String owner() {
        return owner;
    }

    String runId() {
        return current.value().getRunId();
    }

    boolean isLost() {
        return lost;
    }

    synchronized RunState state() {
        return current.value();
    }

    /** When the lease as last written runs out. */
    synchronized Instant expiresAt() {
        RunState.Lease lease = current.value().getLease();
        return lease == null ? Instant.MIN : lease.expiresAt();
    }

    /** Applies {@code change} to the state and writes it with the lease renewed. */
    synchronized void update(Consumer<RunState> change) {
        requireHeld();
        change.accept(current.value());
        write(new RunState.Lease(owner, clock.instant().plus(length)));
    }

    /** Applies {@code change} and writes the state with {@code lease} (another owner, or none): the hold ends. */
    synchronized void release(Consumer<RunState> change, RunState.Lease lease) {
        requireHeld();
        change.accept(current.value());
        write(lease);
        lost = true; // not lost, but no longer ours to act on
    }

    /** Renews the lease when the last renewal is {@code renewEvery} old. */
    void renewIfDue() {
        requireHeld();
        synchronized (this) {
            if (Duration.between(renewedAt, clock.instant()).compareTo(renewEvery) >= 0) {
                update(state -> { });
            }
        }
    }

    /**
     * The check before an irreversible step: throws {@link LeaseLostException} unless this delivery
     * still holds the run, with at least {@code safety} of its lease left.
     */
    void fence() {
        requireHeld();
        boolean renew;
        synchronized (this) {
            renew = Duration.between(clock.instant(), expiresAt()).compareTo(safety) < 0;
            if (renew) {
                update(state -> { }); // the compare-and-set itself proves the run is still ours
                return;
            }
        }
        long now = runs.stateGeneration(runId()).orElse(-1L);
        if (!ourGenerations.contains(now)) {
            lost = true;
            throw new LeaseLostException(runId(), "its state was written by another delivery");
        }
    }

    private void requireHeld() {
        if (lost) {
            throw new LeaseLostException(runId(), "taken over or handed on");
        }
    }

    private void write(RunState.Lease lease) {
        RunState state = current.value();
        state.setLease(lease);
        try {
            current = runs.update(current, state);
        } catch (PreconditionFailedException e) {
            lost = true;
            throw new LeaseLostException(state.getRunId(), "another delivery wrote its state (" + e.getMessage() + ")");
        }
        ourGenerations.add(current.generation());
        renewedAt = clock.instant();
    }
}
