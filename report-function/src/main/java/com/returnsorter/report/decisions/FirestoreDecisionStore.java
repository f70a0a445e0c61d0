package com.returnsorter.report.decisions;

import com.returnsorter.report.history.FirestoreCalls;
import com.google.api.core.ApiFuture;
import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreException;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.firestore.WriteBatch;
import com.returnsorter.events.ItemStatus;
import com.returnsorter.report.history.HistoryUnavailableException;
import com.returnsorter.report.history.ItemRecord;
import io.grpc.Status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decisions in Firestore: {@code decisions/{decisionId}} (DESIGN.md), created with
 * {@code create()} so that of two deciders exactly one claims a photo, and the decision fields
 * ({@code decision}, {@code finalCategory}, {@code decidedBy}, {@code decidedAt}) written on the run's
 * item. Items are found by {@code destination} and {@code filename} through collection-group queries
 * over {@code items}, which need the collection-group field indexes listed in docs/workspace.md.
 */
public final class FirestoreDecisionStore implements DecisionStore {

    static final String DECISIONS = "decisions";
    private static final String RUNS = "batchRuns";
    private static final String ITEMS = "items";
    /** Firestore's limit on the values of one {@code in} filter. */
    private static final int IN_LIMIT = 30;

    private final Firestore firestore;
    private final Duration timeout;

    public FirestoreDecisionStore(Firestore firestore, Duration timeout) {
        this.firestore = firestore;
        this.timeout = timeout;
    }

    @Override
    public Optional<DecisionRecord> claim(DecisionRecord pending) {
        try {
            await(decisions().document(pending.decisionId()).create(of(pending)), "record a decision");
            return Optional.empty();
        } catch (HistoryUnavailableException e) {
            if (alreadyExists(e.getCause())) {
                return Optional.of(find(pending.decisionId()).orElseThrow(() -> e));
            }
            throw e;
        }
    }

    @Override
    public void complete(DecisionRecord done) {
        WriteBatch batch = firestore.batch();
        batch.set(decisions().document(done.decisionId()), of(done));
        if (done.runId() != null && done.itemId() != null) {
            DocumentReference item = firestore.collection(RUNS).document(done.runId()).collection(ITEMS)
                    .document(done.itemId());
            Map<String, Object> fields = new HashMap<>();
            fields.put("decision", done.decision().wireName());
            fields.put("finalCategory", done.finalCategory());
            fields.put("decidedBy", done.decidedBy());
            fields.put("decidedAt", timestamp(done.decidedAt()));
            fields.put("decisionId", done.decisionId());
            batch.set(item, fields, com.google.cloud.firestore.SetOptions.merge());
        }
        await(batch.commit(), "record decision " + done.decisionId());
    }

    @Override
    public void release(DecisionRecord pending) {
        DocumentReference ref = decisions().document(pending.decisionId());
        await(firestore.runTransaction(transaction -> {
            DocumentSnapshot doc = transaction.get(ref).get();
            if (doc.exists() && "pending".equals(doc.getString("state"))) {
                transaction.delete(ref);
            }
            return null;
        }), "release decision " + pending.decisionId());
    }

    @Override
    public Optional<DecisionRecord> find(String decisionId) {
        DocumentSnapshot doc = await(decisions().document(decisionId).get(), "read decision " + decisionId);
        return doc.exists() ? Optional.of(decision(doc)) : Optional.empty();
    }

    @Override
    public List<DecisionRecord> onObject(String object) {
        List<DecisionRecord> found = list(decisions().whereEqualTo("object", object));
        found.sort(Comparator.comparing(DecisionRecord::decidedAt).reversed());
        return found;
    }

    @Override
    public Optional<DecisionRecord> movedTo(String destination) {
        return list(decisions().whereEqualTo("destination", destination)).stream()
                .filter(d -> d.state() == DecisionRecord.State.DONE)
                .max(Comparator.comparing(DecisionRecord::decidedAt));
    }

    @Override
    public List<DecisionRecord> between(Instant from, Instant to, int limit) {
        Query query = decisions().whereGreaterThanOrEqualTo("decidedAt", timestamp(from))
                .whereLessThan("decidedAt", timestamp(to)).orderBy("decidedAt").limit(limit);
        return list(query).stream().filter(d -> d.state() == DecisionRecord.State.DONE).toList();
    }

    @Override
    public Map<String, ItemRef> itemsAt(Collection<String> destinations) {
        Map<String, ItemRef> found = new LinkedHashMap<>();
        List<String> keys = List.copyOf(destinations);
        for (int start = 0; start < keys.size(); start += IN_LIMIT) {
            List<String> chunk = keys.subList(start, Math.min(keys.size(), start + IN_LIMIT));
            Query query = firestore.collectionGroup(ITEMS).whereIn("destination", List.copyOf(chunk));
            for (QueryDocumentSnapshot doc : await(query.get(), "find items by destination").getDocuments()) {
                ItemRef ref = item(doc);
                found.merge(ref.item().destination(), ref, (a, b) -> a.runId().compareTo(b.runId()) >= 0 ? a : b);
            }
        }
        return found;
    }

    @Override
    public List<ItemRef> itemsNamed(String namePrefix, int limit) {
        Query query = firestore.collectionGroup(ITEMS).whereGreaterThanOrEqualTo("filename", namePrefix)
                .whereLessThan("filename", namePrefix + '\uf8ff').limit(limit);
        List<ItemRef> found = new ArrayList<>();
        for (QueryDocumentSnapshot doc : await(query.get(), "find items by name").getDocuments()) {
            found.add(item(doc));
        }
        found.sort(Comparator.comparing(ItemRef::runId).reversed());
        return found;
    }

    private com.google.cloud.firestore.CollectionReference decisions() {
        return firestore.collection(DECISIONS);
    }

    private List<DecisionRecord> list(Query query) {
        List<DecisionRecord> found = new ArrayList<>();
        for (QueryDocumentSnapshot doc : await(query.get(), "list decisions").getDocuments()) {
            found.add(decision(doc));
        }
        return found;
    }

    static Map<String, Object> of(DecisionRecord d) {
        Map<String, Object> doc = new HashMap<>();
        doc.put("decisionId", d.decisionId());
        doc.put("object", d.object());
        doc.put("generation", d.generation());
        doc.put("runId", d.runId());
        doc.put("itemId", d.itemId());
        doc.put("modelCategory", d.modelCategory());
        doc.put("modelConfidence", d.modelConfidence());
        doc.put("decision", d.decision().wireName());
        doc.put("finalCategory", d.finalCategory());
        doc.put("destination", d.destination());
        doc.put("decidedBy", d.decidedBy());
        doc.put("decidedAt", timestamp(d.decidedAt()));
        doc.put("note", d.note());
        doc.put("state", d.state().name().toLowerCase(java.util.Locale.ROOT));
        return doc;
    }

    static DecisionRecord decision(DocumentSnapshot doc) {
        Object confidence = doc.get("modelConfidence");
        Object generation = doc.get("generation");
        return new DecisionRecord(
                doc.getString("decisionId"),
                doc.getString("object"),
                generation instanceof Number n ? n.longValue() : 0L,
                doc.getString("runId"),
                doc.getString("itemId"),
                doc.getString("modelCategory"),
                confidence instanceof Number n ? n.doubleValue() : null,
                Decision.fromWire(doc.getString("decision")),
                doc.getString("finalCategory"),
                doc.getString("destination"),
                doc.getString("decidedBy"),
                instant(doc.getTimestamp("decidedAt")),
                doc.getString("note"),
                DecisionRecord.State.valueOf(doc.getString("state").toUpperCase(java.util.Locale.ROOT)));
    }

    @SuppressWarnings("unchecked")
    private static ItemRef item(DocumentSnapshot doc) {
        String runId = doc.getReference().getParent().getParent().getId();
        Object confidence = doc.get("confidence");
        Map<String, Double> topK = null;
        if (doc.get("topK") instanceof Map<?, ?> stored) {
            topK = new LinkedHashMap<>();
            Map<String, Double> sorted = topK;
            ((Map<String, Object>) stored).entrySet().stream()
                    .sorted((a, b) -> Double.compare(((Number) b.getValue()).doubleValue(), ((Number) a.getValue()).doubleValue()))
                    .forEachOrdered(e -> sorted.put(e.getKey(), ((Number) e.getValue()).doubleValue()));
        }
        ItemRecord record = new ItemRecord(doc.getString("itemId"), doc.getString("object"), doc.getString("filename"),
                doc.getString("destination"), doc.getString("category"),
                confidence instanceof Number n ? n.doubleValue() : null, ItemStatus.fromWire(doc.getString("status")),
                doc.getString("error"), doc.getString("errorMessage"), topK, instant(doc.getTimestamp("processedAt")));
        return new ItemRef(runId, record);
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.ofTimeSecondsAndNanos(instant.getEpochSecond(), instant.getNano());
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? Instant.EPOCH : Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    private static boolean alreadyExists(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof AlreadyExistsException
                    || cause instanceof FirestoreException firestoreFailure
                    && firestoreFailure.getStatus() != null
                    && firestoreFailure.getStatus().getCode() == Status.Code.ALREADY_EXISTS) {
                return true;
            }
        }
        return false;
    }

    private <T> T await(ApiFuture<T> future, String what) {
        return FirestoreCalls.await(future, timeout, what);
    }

}
