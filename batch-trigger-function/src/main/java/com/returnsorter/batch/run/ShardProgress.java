package com.returnsorter.batch.run;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Base64;
import java.util.BitSet;

/**
 * A sharded run's counter of journaled shards, {@code state/shards/<runId>.json}, updated by
 * compare-and-set on its generation (Cloud Storage preconditions; the local store's generations under
 * its lock). A shard is counted once: its bit in {@code done} is set in the same write that adds its
 * counts, so a redelivered shard, or two deliveries racing to count it, add nothing. The run finishes
 * when the write that makes {@code done} complete is made: exactly one writer sees that transition.
 *
 * @see RunFinisher#countShard
 */
@Serdeable
public class ShardProgress {

    private String runId;
    /** Shards the run published; null while it is still listing. */
    @Nullable private Integer planned;
    private int doneCount;
    /** The journaled shards' numbers as a bit set (base64 of {@link BitSet#toByteArray()}). */
    private String done = "";
    private Tally tally = new Tally();
    @Nullable private String failure;
    @Nullable private String modelName;
    @Nullable private String modelVersion;

    static ShardProgress of(String runId) {
        ShardProgress progress = new ShardProgress();
        progress.runId = runId;
        return progress;
    }

    boolean isDone(int shard) {
        return bits().get(shard);
    }

    /** Counts shard {@code shard} with {@code its} state; false (nothing changed) when it was counted already. */
    boolean count(int shard, RunState its) {
        BitSet bits = bits();
        if (bits.get(shard)) {
            return false;
        }
        bits.set(shard);
        done = Base64.getEncoder().encodeToString(bits.toByteArray());
        doneCount++;
        tally.addAll(its.getTally());
        if (failure == null && its.getErrorMessage() != null) {
            failure = its.getErrorMessage();
        }
        if (modelName == null && its.getModelName() != null) {
            modelName = its.getModelName();
            modelVersion = its.getModelVersion();
        }
        return true;
    }

    boolean isComplete() {
        return planned != null && doneCount >= planned;
    }

    private BitSet bits() {
        return done == null || done.isEmpty() ? new BitSet() : BitSet.valueOf(Base64.getDecoder().decode(done));
    }

    // ---- bean accessors for serialization ----------------------------------------------------

    public String getRunId() {
        return runId;
    }

    public void setRunId(String runId) {
        this.runId = runId;
    }

    @Nullable
    public Integer getPlanned() {
        return planned;
    }

    public void setPlanned(@Nullable Integer planned) {
        this.planned = planned;
    }

    public int getDoneCount() {
        return doneCount;
    }

    public void setDoneCount(int doneCount) {
        this.doneCount = doneCount;
    }

    public String getDone() {
        return done;
    }

    public void setDone(String done) {
        this.done = done;
    }

    public Tally getTally() {
        return tally;
    }

    public void setTally(Tally tally) {
        this.tally = tally;
    }

    @Nullable
    public String getFailure() {
        return failure;
    }

    public void setFailure(@Nullable String failure) {
        this.failure = failure;
    }

    @Nullable
    public String getModelName() {
        return modelName;
    }

    public void setModelName(@Nullable String modelName) {
        this.modelName = modelName;
    }

    @Nullable
    public String getModelVersion() {
        return modelVersion;
    }

    public void setModelVersion(@Nullable String modelVersion) {
        this.modelVersion = modelVersion;
    }
}
