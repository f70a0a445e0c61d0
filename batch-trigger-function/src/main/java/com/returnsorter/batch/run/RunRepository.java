package com.returnsorter.batch.run;

import com.returnsorter.storage.ObjectInfo;
import com.returnsorter.storage.ObjectNotFoundException;
import com.returnsorter.storage.ObjectPage;
import com.returnsorter.storage.ObjectStore;
import com.returnsorter.storage.StoredObject;
import com.returnsorter.storage.WriteMode;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The batch's bookkeeping in the object store (see {@link Layout}): run states updated by
 * compare-and-set, the write-once journal, per-photo claims and the markers of unfinished runs.
 * Keeping it beside the photos means one store to back up, and Cloud Storage generation
 * preconditions give the atomicity the delivery semantics need.
 */
@Singleton
public class RunRepository {

    private static final String JSON = "application/json";
    private static final long MAX_STATE_BYTES = 8L * 1024 * 1024;

    private final ObjectStore store;
    private final JsonMapper json;

    public RunRepository(ObjectStore store, JsonMapper json) {
        this.store = store;
        this.json = json;
    }

    // ---- run state ---------------------------------------------------------------------------

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

    public Optional<Versioned<Claim>> readClaim(String source, long generation) {
        return read(Layout.claimKey(source, generation), Claim.class);
    }

    /** @throws com.returnsorter.storage.PreconditionFailedException when the claim changed meanwhile */
    public Versioned<Claim> replaceClaim(Versioned<Claim> seen, Claim claim) {
        ObjectInfo info = store.replace(Layout.claimKey(claim.source(), claim.generation()), bytes(claim), JSON,
                seen.generation());
        return new Versioned<>(claim, info.generation());
    }

    public void releaseClaim(Versioned<Claim> claim) {
        store.delete(Layout.claimKey(claim.value().source(), claim.value().generation()), claim.generation());
    }

    /** Every claim in the store, of every run; there are at most a chunk's worth per live delivery. */
    public List<Versioned<Claim>> claims() {
        List<Versioned<Claim>> claims = new ArrayList<>();
        forEach(Layout.CLAIMS, info -> read(info.key(), Claim.class).ifPresent(claims::add));
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
        }
        try {
            return Optional.of(new Versioned<>(json.readValue(object.bytes(), type), object.info().generation()));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable batch state " + key, e);
        }
    }

    private byte[] bytes(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
