package com.returnsorter.batch.run;

import com.returnsorter.events.RunStatus;
import com.returnsorter.events.TriggerReason;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's progress, kept as {@code state/runs/<runId>.json} and updated by compare-and-set on its
 * generation, so two deliveries of the same run can never both hold it. The journal under
 * {@code state/journal/<runId>/} is the record of what happened to each photo; this object caches
 * the counts and the listing cursor and says who works on the run now (the lease).
 */
@Serdeable
public class RunState {

    /** Where a run is in its life. */
    public enum Phase {
        /** Named by {@code POST /runs}; its trigger message is on the way. */
        QUEUED,
        /** A delivery has started it; it may be between two deliveries. */
        RUNNING,
        /**
         * A sharded run whose listing is done and whose shards are all published: it waits for its last shard
         * to be journaled (not abandoned meanwhile, whatever its lease says: Pub/Sub redelivers shards).
         */
        SHARDED,
        /** Reports written and {@code batch-completed} published; redeliveries are acknowledged and ignored. */
        FINISHED
    }

    /** Who works on the run and until when; an expired lease belongs to a delivery that died. */
    @Serdeable
    public record Lease(String owner, Instant expiresAt) {
    }

    /** One line of the run's timeline in the report. */
    @Serdeable
    public record TimelineEntry(Instant at, String event) {
    }

    static final int MAX_TIMELINE = 50;

    private String runId;
    private TriggerReason trigger;
    @Nullable private Instant requestedAt;
    @Nullable private Integer maxItems;
    private boolean dryRun;
    private Phase phase = Phase.QUEUED;
    @Nullable private RunStatus result;
    private Instant createdAt;
    @Nullable private Instant startedAt;
    @Nullable private Instant finishedAt;
    private int listed;
    @Nullable private String cursor;
    private boolean listingDone;
    private int chunks;
    private List<String> pending = new ArrayList<>();
    private Tally tally = new Tally();
    @Nullable private Lease lease;
    private int deliveries;
    private List<TimelineEntry> timeline = new ArrayList<>();
    @Nullable private String errorMessage;
    @Nullable private String modelName;
    @Nullable private String modelVersion;
    // A shard of a sharded run: its run and its number; its photos are the pending list.
    @Nullable private String parentRunId;
    @Nullable private Integer shard;
    private boolean lastShard;
    // A sharded run: shards written and published so far, photos in them, and the counts of its shards once finishing.
    private boolean sharded;
    private int shardsPlanned;
    private int plannedItems;
    @Nullable private Tally shardTally;

    public static RunState create(String runId, TriggerReason trigger, @Nullable Instant requestedAt,
                                  @Nullable Integer maxItems, boolean dryRun, Instant now) {
        RunState state = new RunState();
        state.runId = runId;
        state.trigger = trigger;
        state.requestedAt = requestedAt;
        state.maxItems = maxItems;
        state.dryRun = dryRun;
        state.createdAt = now;
        return state;
    }

    /**
     * The state of shard {@code seq} of {@code parent}: its photos ({@code keys}) to work as pending, with the
     * listing position after them ({@code nextCursor}) so the run, if it plans again, goes on from there.
     */
    static RunState shardOf(RunState parent, int seq, java.util.List<String> keys, @Nullable String nextCursor,
                            boolean last, Instant now) {
        RunState state = create(Layout.shardRunId(parent.getRunId(), seq), parent.getTrigger(), parent.getRequestedAt(),
                null, parent.isDryRun(), now);
        state.parentRunId = parent.getRunId();
        state.shard = seq;
        state.lastShard = last;
        state.pending = new ArrayList<>(keys);
        state.listed = keys.size();
        state.cursor = nextCursor;
        state.listingDone = true;
        state.startedAt = now;
        return state;
    }

    boolean isShardOfRun() {
        return parentRunId != null;
    }

    /** The run's counts: its own journal's and, for a sharded run that is finishing, its shards'. */
    Tally totalTally() {
        if (shardTally == null) {
            return tally;
        }
        Tally total = new Tally();
        total.addAll(tally);
        total.addAll(shardTally);
        return total;
    }

    void note(Instant at, String event) {
        if (timeline.size() >= MAX_TIMELINE) {
            timeline.remove(MAX_TIMELINE / 2);
        }
        timeline.add(new TimelineEntry(at, event));
    }

    boolean isFinished() {
        return phase == Phase.FINISHED;
    }

    boolean leaseHeldByOtherThan(String owner, Instant now) {
        return lease != null && !lease.owner().equals(owner) && lease.expiresAt().isAfter(now);
    }

    boolean isAbandoned(Instant now) {
        return phase == Phase.RUNNING && (lease == null || !lease.expiresAt().isAfter(now));
    }

    /** Photos this run may still take under {@code maxItems}; {@link Integer#MAX_VALUE} without a limit. */
    int allowance() {
        return maxItems == null ? Integer.MAX_VALUE : Math.max(0, maxItems - tally.getHandled());
    }

    // ---- bean accessors for serialization ----------------------------------------------------

    public String getRunId() {
        return runId;
    }

    public void setRunId(String runId) {
        this.runId = runId;
    }

    public TriggerReason getTrigger() {
        return trigger;
    }

    public void setTrigger(TriggerReason trigger) {
        this.trigger = trigger;
    }

    @Nullable
    public Instant getRequestedAt() {
        return requestedAt;
    }

    public void setRequestedAt(@Nullable Instant requestedAt) {
        this.requestedAt = requestedAt;
    }

    @Nullable
    public Integer getMaxItems() {
        return maxItems;
    }

    public void setMaxItems(@Nullable Integer maxItems) {
        this.maxItems = maxItems;
    }

    public boolean isDryRun() {
        return dryRun;
    }

    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    public Phase getPhase() {
        return phase;
    }

    public void setPhase(Phase phase) {
        this.phase = phase;
    }

    @Nullable
    public RunStatus getResult() {
        return result;
    }

    public void setResult(@Nullable RunStatus result) {
        this.result = result;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(Instant createdAt) {
        this.createdAt = createdAt;
    }

    @Nullable
    public Instant getStartedAt() {
        return startedAt;
    }

    public void setStartedAt(@Nullable Instant startedAt) {
        this.startedAt = startedAt;
    }

    @Nullable
    public Instant getFinishedAt() {
        return finishedAt;
    }

    public void setFinishedAt(@Nullable Instant finishedAt) {
        this.finishedAt = finishedAt;
    }

    public int getListed() {
        return listed;
    }

    public void setListed(int listed) {
        this.listed = listed;
    }

    @Nullable
    public String getCursor() {
        return cursor;
    }

    public void setCursor(@Nullable String cursor) {
        this.cursor = cursor;
    }

    public boolean isListingDone() {
        return listingDone;
    }

    public void setListingDone(boolean listingDone) {
        this.listingDone = listingDone;
    }

    public int getChunks() {
        return chunks;
    }

    public void setChunks(int chunks) {
        this.chunks = chunks;
    }

    /** Photos listed but not started when a delivery's time ran out; the next chunk starts with them. */
    public List<String> getPending() {
        return pending;
    }

    public void setPending(List<String> pending) {
        this.pending = pending == null ? new ArrayList<>() : new ArrayList<>(pending);
    }

    public Tally getTally() {
        return tally;
    }

    public void setTally(Tally tally) {
        this.tally = tally;
    }

    @Nullable
    public Lease getLease() {
        return lease;
    }

    public void setLease(@Nullable Lease lease) {
        this.lease = lease;
    }

    public int getDeliveries() {
        return deliveries;
    }

    public void setDeliveries(int deliveries) {
        this.deliveries = deliveries;
    }

    public List<TimelineEntry> getTimeline() {
        return timeline;
    }

    public void setTimeline(List<TimelineEntry> timeline) {
        this.timeline = new ArrayList<>(timeline);
    }

    @Nullable
    public String getErrorMessage() {
        return errorMessage;
    }

    public void setErrorMessage(@Nullable String errorMessage) {
        this.errorMessage = errorMessage;
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

    @Nullable
    public String getParentRunId() {
        return parentRunId;
    }

    public void setParentRunId(@Nullable String parentRunId) {
        this.parentRunId = parentRunId;
    }

    @Nullable
    public Integer getShard() {
        return shard;
    }

    public void setShard(@Nullable Integer shard) {
        this.shard = shard;
    }

    /** For a shard: whether the listing of {@code incoming/} ended with it. */
    public boolean isLastShard() {
        return lastShard;
    }

    public void setLastShard(boolean lastShard) {
        this.lastShard = lastShard;
    }

    public boolean isSharded() {
        return sharded;
    }

    public void setSharded(boolean sharded) {
        this.sharded = sharded;
    }

    public int getShardsPlanned() {
        return shardsPlanned;
    }

    public void setShardsPlanned(int shardsPlanned) {
        this.shardsPlanned = shardsPlanned;
    }

    public int getPlannedItems() {
        return plannedItems;
    }

    public void setPlannedItems(int plannedItems) {
        this.plannedItems = plannedItems;
    }

    @Nullable
    public Tally getShardTally() {
        return shardTally;
    }

    public void setShardTally(@Nullable Tally shardTally) {
        this.shardTally = shardTally;
    }
}
