package com.returnsorter.batch.run;

import com.returnsorter.batch.BatchConfiguration;
import com.returnsorter.storage.PreconditionFailedException;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Takes runs: a delivery's lease on its own run ({@link #acquire}) or on a run whose delivery died
 * ({@link #hold}), each returned as the {@link RunLease} through which the delivery writes the run from then on.
 */
@Singleton
class RunLeases {

    /** The lease owner while a continuation message is on its way; any delivery of the run may take it over. */
    static final String HANDOFF = "handoff";

    private final RunRepository runs;
    private final BatchConfiguration configuration;
    private final Clock clock;

    RunLeases(RunRepository runs, BatchConfiguration configuration, Clock clock) {
        this.runs = runs;
        this.configuration = configuration;
        this.clock = clock;
    }

    /** Takes the run's lease, or returns null when the run has finished; throws when a live delivery holds it. */
    @Nullable
    RunLease acquire(Versioned<RunState> run, String owner, String runId) {
        while (true) {
            RunState state = run.value();
            if (state.isFinished()) {
                return null;
            }
            Instant now = clock.instant();
            if (state.leaseHeldByOtherThan(owner, now) && !HANDOFF.equals(state.getLease().owner())) {
                throw new RunBusyException(runId, state.getLease().expiresAt());
            }
            if (state.getLease() != null && !HANDOFF.equals(state.getLease().owner())) {
                state.note(now, "taken over after the previous delivery stopped");
            } else if (state.getDeliveries() > 0) {
                state.note(now, "continued in a new request");
            }
            state.setPhase(RunState.Phase.RUNNING);
            state.setDeliveries(state.getDeliveries() + 1);
            try {
                return hold(run, owner);
            } catch (PreconditionFailedException e) {
                run = runs.load(runId).orElseThrow(() -> e);
            }
        }
    }

    /** Writes the state with {@code owner}'s lease (compare-and-set) and returns the hold on it. */
    RunLease hold(Versioned<RunState> run, String owner) {
        RunState state = run.value();
        state.setLease(new RunState.Lease(owner, clock.instant().plus(leaseLength())));
        Versioned<RunState> written = runs.update(run, state);
        return new RunLease(written, owner, runs, clock, leaseLength(), configuration.leaseMargin().dividedBy(4),
                configuration.leaseMargin().dividedBy(2));
    }

    private Duration leaseLength() {
        return configuration.timeBudget().plus(configuration.leaseMargin());
    }
}
