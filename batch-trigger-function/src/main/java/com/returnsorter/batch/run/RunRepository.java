package com.returnsorter.batch.run;

import com.returnsorter.storage.ObjectInfo;
import com.returnsorter.storage.ObjectNotFoundException;
import com.returnsorter.storage.ObjectPage;
import com.returnsorter.storage.ObjectStore;
import com.returnsorter.storage.ObjectTooLargeException;
import com.returnsorter.storage.StoredObject;
import com.returnsorter.storage.WriteMode;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The batch's bookkeeping in the object store (see {@link Layout}): run states updated by
 * compare-and-set, the write-once journal, per-photo claims and the markers of unfinished runs.
 * Keeping it beside the photos means one store to back up, and Cloud Storage generation
 * preconditions give the atomicity the delivery semantics need.
 */
@Singleton
public class RunRepository {

    private static final Logger LOG = LoggerFactory.getLogger(RunRepository.class);
    private static final String JSON = "application/json";
    private static final long MAX_STATE_BYTES = 8L * 1024 * 1024;
    /**
     * The schema of every state object, written as its {@code schemaVersion} field. Fields a reader does not
     * know are ignored, so adding a field needs no new version; a version above this one (a change an older
     * reader would misread) makes the object unreadable to this version. Objects from before the field read
     * as version 1.
     */
    static final int SCHEMA_VERSION = 1;
    static final String VERSION_FIELD = "schemaVersion";

    private final ObjectStore store;
    private final JsonMapper json;

    public RunRepository(ObjectStore store, JsonMapper json) {
        this.store = store;
        this.json = json;
    }

    // ---- run state ---------------------------------------------------------------------------

    /** @throws UnreadableStateException when the run's state object cannot be read */
    public Optional<Versioned<RunState>> load(String runId) {
        return read(Layout.runStateKey(runId), RunState.class);
    }

    /** @throws com.returnsorter.storage.ObjectAlreadyExistsException when the run exists already */
    public Versioned<RunState> create(RunState state) {
        ObjectInfo info = store.write(Layout.runStateKey(state.getRunId()), bytes(state), JSON, WriteMode.CREATE_NEW);
        store.write(Layout.activeMarkerKey(state.getRunId()), new byte[0], "text/plain", WriteMode.OVERWRITE);
        return new Versioned<>(state, info.generation());
    }

    /** @throws com.returnsorter.storage.PreconditionFailedException when someone else updated the run meanwhile */
    public Versioned<RunState> update(Versioned<RunState> seen, RunState state) {
        ObjectInfo info = store.replace(Layout.runStateKey(state.getRunId()), bytes(state), JSON, seen.generation());
        return new Versioned<>(state, info.generation());
    }

    /** A shard's state, without an active marker: Pub/Sub redelivers its message until it is done. */
    public Versioned<RunState> createShard(RunState state) {
        ObjectInfo info = store.write(Layout.runStateKey(state.getRunId()), bytes(state), JSON, WriteMode.CREATE_NEW);
        return new Versioned<>(state, info.generation());
    }

    // ---- shard progress ----------------------------------------------------------------------

    public Optional<Versioned<ShardProgress>> loadProgress(String runId) {
        return read(Layout.shardProgressKey(runId), ShardProgress.class);
    }

    /** @throws com.returnsorter.storage.ObjectAlreadyExistsException when it exists already */
    public Versioned<ShardProgress> createProgress(ShardProgress progress) {
        ObjectInfo info = store.write(Layout.shardProgressKey(progress.getRunId()), bytes(progress), JSON,
                WriteMode.CREATE_NEW);
        return new Versioned<>(progress, info.generation());
    }

    /** @throws com.returnsorter.storage.PreconditionFailedException when another shard counted itself meanwhile */
    public Versioned<ShardProgress> updateProgress(Versioned<ShardProgress> seen, ShardProgress progress) {
        ObjectInfo info = store.replace(Layout.shardProgressKey(progress.getRunId()), bytes(progress), JSON,
                seen.generation());
        return new Versioned<>(progress, info.generation());
    }

    /** The generation of the run's state object now, without reading it: the fence before an irreversible step. */
    public Optional<Long> stateGeneration(String runId) {
        return store.stat(Layout.runStateKey(runId)).map(ObjectInfo::generation);
    }

    public void clearActive(String runId) {
        store.stat(Layout.activeMarkerKey(runId)).ifPresent(marker -> store.delete(marker.key(), marker.generation()));
    }

    /** Runs created but not finished, oldest first. */
    public List<String> activeRuns() {
        List<String> runIds = new ArrayList<>();
        forEach(Layout.ACTIVE, info -> runIds.add(info.key().substring(Layout.ACTIVE.length())));
        return runIds;
    }

    // ---- journal -----------------------------------------------------------------------------

    /** @throws UnreadableStateException when the chunk cannot be read */
    public Optional<JournalChunk> readJournal(String runId, int seq) {
        return read(Layout.journalKey(runId, seq), JournalChunk.class).map(Versioned::value);
    }

    /** @throws com.returnsorter.storage.ObjectAlreadyExistsException when the chunk was written already */
    public void writeJournal(String runId, JournalChunk chunk) {
        store.write(Layout.journalKey(runId, chunk.seq()), bytes(chunk), JSON, WriteMode.CREATE_NEW);
    }

    // ---- claims ------------------------------------------------------------------------------

    /** @throws com.returnsorter.storage.ObjectAlreadyExistsException when the photo version is claimed already */
    public Versioned<Claim> createClaim(Claim claim) {
        ObjectInfo info = store.write(Layout.claimKey(claim.source(), claim.generation()), bytes(claim), JSON,
                WriteMode.CREATE_NEW);
        return new Versioned<>(claim, info.generation());
    }

    /**
     * Whether {@code claim} is held by a live delivery other than {@code self}: its own lease is ahead,
     * or its owner still holds its run's lease. A claim of an unreadable run counts as live (left alone).
     */
    public boolean isLive(Claim claim, String self, java.time.Instant now) {
        if (claim.owner() == null || claim.owner().equals(self)) {
            return false;
        }
        if (claim.leaseUntil() != null && claim.leaseUntil().isAfter(now)) {
            return true;
        }
        try {
            return load(claim.runId()).map(Versioned::value).map(RunState::getLease)
                    .filter(lease -> lease.owner().equals(claim.owner()) && lease.expiresAt().isAfter(now)).isPresent();
        } catch (UnreadableStateException e) {
            return true;
        }
    }

    public Optional<Versioned<Claim>> readClaim(String source, long generation) {
        return read(Layout.claimKey(source, generation), Claim.class);
    }

    /** @throws com.returnsorter.storage.PreconditionFailedException when the claim changed meanwhile */
    public Versioned<Claim> replaceClaim(Versioned<Claim> seen, Claim claim) {
        ObjectInfo info = store.replace(Layout.claimKey(claim.source(), claim.generation()), bytes(claim), JSON,
                seen.generation());
        return new Versioned<>(claim, info.generation());
    }

    /** @return false when the claim changed or went meanwhile (another delivery took it over or released it) */
    public boolean releaseClaim(Versioned<Claim> claim) {
        return store.delete(Layout.claimKey(claim.value().source(), claim.value().generation()), claim.generation());
    }

    /**
     * Every readable claim in the store, of every run; there are at most a chunk's worth per live delivery.
     * An unreadable one is logged at ERROR and left out: its photo stays where it is until someone looks.
     */
    public List<Versioned<Claim>> claims() {
        List<Versioned<Claim>> claims = new ArrayList<>();
        forEach(Layout.CLAIMS, info -> {
            try {
                read(info.key(), Claim.class).ifPresent(claims::add);
            } catch (UnreadableStateException e) {
                LOG.error("{}; the claim is skipped", e.getMessage());
            }
        });
        return claims;
    }

    // ---- plumbing ----------------------------------------------------------------------------

    private void forEach(String prefix, java.util.function.Consumer<ObjectInfo> action) {
        String token = null;
        do {
            ObjectPage page = store.list(prefix, token, 1000);
            page.objects().stream().filter(info -> !info.isFolderPlaceholder()).forEach(action);
            token = page.nextPageToken();
        } while (token != null);
    }

    private <T> Optional<Versioned<T>> read(String key, Class<T> type) {
        StoredObject object;
        try {
            object = store.read(key, MAX_STATE_BYTES);
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        } catch (ObjectTooLargeException e) {
            throw new UnreadableStateException(key, e.getMessage(), e);
        }
        JsonNode tree;
        try {
            tree = json.readValue(object.bytes(), JsonNode.class);
        } catch (IOException | RuntimeException e) {
            throw new UnreadableStateException(key, "not JSON (" + e.getMessage() + ")", e);
        }
        if (tree == null || !tree.isObject()) {
            throw new UnreadableStateException(key, "not a JSON object", null);
        }
        JsonNode version = tree.get(VERSION_FIELD);
        int schema = version == null ? 1 : version.isNumber() ? version.getIntValue() : -1;
        if (schema < 1 || schema > SCHEMA_VERSION) {
            throw new UnreadableStateException(key, "schema version "
                    + (version.isNumber() ? version.getNumberValue() : version.coerceStringValue()) + "; this version reads 1 to "
                    + SCHEMA_VERSION, null);
        }
        try {
            T value = json.readValueFromTree(tree, type);
            if (value == null) {
                throw new UnreadableStateException(key, "empty", null);
            }
            return Optional.of(new Versioned<>(value, object.info().generation()));
        } catch (IOException | RuntimeException e) {
            if (e instanceof UnreadableStateException unreadable) {
                throw unreadable;
            }
            throw new UnreadableStateException(key, "not a " + type.getSimpleName() + " (" + e.getMessage() + ")", e);
        }
    }

    /** The value's JSON with {@value #VERSION_FIELD} first. */
    private byte[] bytes(Object value) {
        try {
            Map<String, JsonNode> fields = new LinkedHashMap<>();
            fields.put(VERSION_FIELD, JsonNode.createNumberNode(SCHEMA_VERSION));
            for (Map.Entry<String, JsonNode> field : json.writeValueToTree(value).entries()) {
                fields.put(field.getKey(), field.getValue());
            }
            return json.writeValueAsBytes(JsonNode.createObjectNode(fields));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
