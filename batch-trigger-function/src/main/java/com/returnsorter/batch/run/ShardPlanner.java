package com.returnsorter.batch.run;

import com.returnsorter.batch.BatchConfiguration;
import com.returnsorter.batch.messaging.BatchPublisher;
import com.returnsorter.events.BatchShard;
import com.returnsorter.storage.ObjectAlreadyExistsException;
import com.returnsorter.storage.ObjectInfo;
import com.returnsorter.storage.ObjectPage;
import com.returnsorter.storage.ObjectStore;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Splits a big run into shards: lists {@code incoming/} one shard's worth at a time, writes each shard's
 * state (its keys, create-if-absent, under the shard's own id) and then publishes a {@link BatchShard}
 * message for it. Any batch instance works a shard as it would a small run (lease, claims, fence,
 * journal), and the shard that makes the run's {@link ShardProgress} complete finishes the run.
 *
 * <p>Planning is idempotent: a delivery that takes the run over after a crash probes the shard states
 * from the last number the run state recorded, takes each one's keys and listing position as written,
 * publishes it again (a shard delivered twice does its work once) and lists on from there. Nothing is
 * kept in memory beyond one page, so memory stays flat however many photos there are.
 */
@Singleton
class ShardPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(ShardPlanner.class);
    /** The run state records how far planning got every this many shards (and when the run is handed on). */
    private static final int SAVE_EVERY = 50;

    private final RunRepository runs;
    private final ObjectStore store;
    private final BatchPublisher publisher;
    private final RunFinisher finisher;
    private final BatchConfiguration configuration;
    private final Clock clock;

    ShardPlanner(RunRepository runs, ObjectStore store, BatchPublisher publisher, RunFinisher finisher,
                 BatchConfiguration configuration, Clock clock) {
        this.runs = runs;
        this.store = store;
        this.publisher = publisher;
        this.finisher = finisher;
        this.configuration = configuration;
        this.clock = clock;
    }

    RunEngine.Outcome plan(RunLease lease, Instant deadline) {
        String runId = lease.runId();
        if (!lease.state().isSharded()) {
            lease.update(state -> {
                state.setSharded(true);
                state.note(clock.instant(), "more than " + configuration.shardSize()
                        + " photos: split into shards of that many, worked on any instance");
            });
        }
        ensureProgress(runId);
        RunState start = lease.state();
        int seq = start.getShardsPlanned();
        String cursor = start.getCursor();
        int items = start.getPlannedItems();
        boolean listingDone = start.isListingDone();
        int thisDelivery = 0;
        while (!listingDone) {
            if (thisDelivery > 0 && !clock.instant().isBefore(deadline)) {
                save(lease, seq, cursor, items, false);
                return finisher.handOff(lease);
            }
            Versioned<RunState> shard = runs.load(Layout.shardRunId(runId, seq)).orElse(null);
            if (shard == null) {
                int room = start.getMaxItems() == null ? configuration.shardSize()
                        : Math.min(configuration.shardSize(), start.getMaxItems() - items);
                if (room <= 0) {
                    break;
                }
                ObjectPage page = store.list(Layout.INCOMING, cursor, room);
                List<String> keys = page.objects().stream().filter(o -> !o.isFolderPlaceholder()).map(ObjectInfo::key).toList();
                if (keys.isEmpty()) {
                    cursor = page.nextPageToken();
                    listingDone = !page.hasNextPage();
                    continue;
                }
                shard = createOrLoad(RunState.shardOf(lease.state(), seq, keys, page.nextPageToken(), !page.hasNextPage(),
                        clock.instant()));
            }
            RunState planned = shard.value();
            publisher.publishShard(new BatchShard(runId, seq));
            seq++;
            thisDelivery++;
            items += planned.getListed();
            cursor = planned.getCursor();
            listingDone = planned.isLastShard();
            if (thisDelivery % SAVE_EVERY == 0) {
                save(lease, seq, cursor, items, false);
            } else {
                lease.renewIfDue();
            }
        }
        int shards = seq;
        int photos = items;
        String end = cursor;
        // Released before the count of shards is set: whoever completes the count finishes the run and needs its lease.
        lease.release(state -> {
            state.setShardsPlanned(shards);
            state.setPlannedItems(photos);
            state.setListed(photos);
            state.setCursor(end);
            state.setListingDone(true);
            state.setPhase(RunState.Phase.SHARDED);
            state.note(clock.instant(), shards + " shards published (" + photos + " photos)");
        }, null);
        LOG.info("run {}: {} photos in {} shards published", runId, photos, shards);
        return finisher.shardsPlanned(runId, shards);
    }

    private void save(RunLease lease, int seq, String cursor, int items, boolean done) {
        lease.update(state -> {
            state.setShardsPlanned(seq);
            state.setPlannedItems(items);
            state.setListed(items);
            state.setCursor(cursor);
            state.setListingDone(done);
        });
    }

    private void ensureProgress(String runId) {
        if (runs.loadProgress(runId).isEmpty()) {
            try {
                runs.createProgress(ShardProgress.of(runId));
            } catch (ObjectAlreadyExistsException e) {
                // another delivery of the run made it first
            }
        }
    }

    private Versioned<RunState> createOrLoad(RunState shard) {
        try {
            return runs.createShard(shard);
        } catch (ObjectAlreadyExistsException e) {
            return runs.load(shard.getRunId()).orElseThrow(() -> e);
        }
    }
}
