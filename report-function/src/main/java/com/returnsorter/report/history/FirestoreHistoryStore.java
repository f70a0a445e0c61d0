package com.returnsorter.report.history;

import com.google.api.core.ApiFuture;
import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldPath;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreException;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.firestore.SetOptions;
import com.google.cloud.firestore.WriteBatch;
import com.returnsorter.events.ItemStatus;
import com.returnsorter.report.alerts.AlertRecord;
import com.returnsorter.report.alerts.Channel;
import com.returnsorter.report.alerts.ChannelDelivery;
import io.grpc.Status;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Run history in Firestore (native mode): {@code batchRuns/{runId}}, {@code batchRuns/{runId}/items/{itemId}},
 * {@code alerts/{alertId}} and {@code meta/watchdog} (DESIGN.md). The composite indexes these
 * queries need are listed in the README and created by terraform.
 */
public final class FirestoreHistoryStore implements HistoryStore {

    static final String RUNS = "batchRuns";
    static final String ITEMS = "items";
    static final String ALERTS = "alerts";
    static final String META = "meta";

    /** Firestore takes at most 500 writes per batch. */
    private static final int BATCH_WRITES = 500;

    private final Firestore firestore;
    private final Duration timeout;

    public FirestoreHistoryStore(Firestore firestore, Duration timeout) {
        this.firestore = firestore;
        this.timeout = timeout;
    }

    @Override
    public String checkReachable() {
        await(firestore.collection(META).document("health").get(), "read meta/health");
        return "firestore:" + firestore.getOptions().getProjectId() + "/" + firestore.getOptions().getDatabaseId();
    }

    @Override
    public void saveItems(String runId, Iterator<ItemRecord> items) {
        CollectionReference collection = runs().document(runId).collection(ITEMS);
        WriteBatch batch = firestore.batch();
        int writes = 0;
        while (items.hasNext()) {
            ItemRecord item = items.next();
            // Merged, so a redelivered run keeps what reviewers wrote on its items (decision, decidedBy, …).
            batch.set(collection.document(item.itemId()), FirestoreDocuments.of(item), SetOptions.merge());
            if (++writes == BATCH_WRITES) {
                await(batch.commit(), "write items of run " + runId);
                batch = firestore.batch();
                writes = 0;
            }
        }
        if (writes > 0) {
            await(batch.commit(), "write items of run " + runId);
        }
    }

    @Override
    public boolean createRun(RunRecord run) {
        try {
            await(runs().document(run.runId()).create(FirestoreDocuments.of(run)), "record run " + run.runId());
            return true;
        } catch (HistoryUnavailableException e) {
            if (alreadyExists(e.getCause())) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Optional<RunRecord> findRun(String runId) {
        DocumentSnapshot doc = await(runs().document(runId).get(), "read run " + runId);
        return doc.exists() ? Optional.of(FirestoreDocuments.run(doc)) : Optional.empty();
    }

    @Override
    public List<RunRecord> runsStartedSince(Instant since) {
        Query query = runs().whereGreaterThanOrEqualTo("startedAt", FirestoreDocuments.timestamp(since))
                .orderBy("startedAt", Query.Direction.DESCENDING);
        return list(query, FirestoreDocuments::run, "list runs");
    }

    @Override
    public Optional<RunRecord> lastFinishedRun() {
        Query query = runs().whereEqualTo("dryRun", false).orderBy("finishedAt", Query.Direction.DESCENDING).limit(1);
        return list(query, FirestoreDocuments::run, "find the last run").stream().findFirst();
    }

    @Override
    public List<ItemRecord> items(String runId, @Nullable ItemStatus status, ItemOrder order, int limit) {
        Query query = runs().document(runId).collection(ITEMS);
        if (status != null) {
            query = query.whereEqualTo("status", status.wireName());
        }
        query = switch (order) {
            case ROW -> query.orderBy(FieldPath.documentId());
            case CONFIDENCE_ASCENDING -> query.orderBy("confidence", Query.Direction.ASCENDING);
            case CONFIDENCE_DESCENDING -> query.orderBy("confidence", Query.Direction.DESCENDING);
        };
        return list(query.limit(limit), FirestoreDocuments::item, "list items of run " + runId);
    }

    @Override
    public AlertRecord createAlert(AlertRecord alert) {
        DocumentReference ref = alerts().document(alert.alertId());
        return transaction(transaction -> {
            DocumentSnapshot existing = transaction.get(ref).get();
            if (existing.exists()) {
                return FirestoreDocuments.alert(existing);
            }
            transaction.create(ref, FirestoreDocuments.of(alert));
            return alert;
        }, "create alert " + alert.alertId());
    }

    @Override
    public Optional<AlertRecord> findAlert(String alertId) {
        DocumentSnapshot doc = await(alerts().document(alertId).get(), "read alert " + alertId);
        return doc.exists() ? Optional.of(FirestoreDocuments.alert(doc)) : Optional.empty();
    }

    @Override
    public Optional<AlertRecord> claimChannel(String alertId, Channel channel, Instant now, Duration lease) {
        DocumentReference ref = alerts().document(alertId);
        return transaction(transaction -> {
            DocumentSnapshot doc = transaction.get(ref).get();
            if (!doc.exists()) {
                return Optional.<AlertRecord>empty();
            }
            AlertRecord stored = FirestoreDocuments.alert(doc);
            if (!AlertClaims.claimable(stored.channel(channel), now, lease)) {
                return Optional.<AlertRecord>empty();
            }
            ChannelDelivery sending = stored.channel(channel).sending(now);
            transaction.update(ref, FieldPath.of("channels", channel.wireName()), FirestoreDocuments.of(sending));
            return Optional.of(stored.withChannel(channel, sending));
        }, "claim " + channel.wireName() + " of alert " + alertId);
    }

    @Override
    public void recordChannel(String alertId, Channel channel, ChannelDelivery result) {
        await(alerts().document(alertId).update(FieldPath.of("channels", channel.wireName()),
                FirestoreDocuments.of(result)), "record " + channel.wireName() + " of alert " + alertId);
    }

    @Override
    public List<AlertRecord> alerts(AlertQuery filter) {
        Query query = alerts();
        if (filter.resolved() != null) {
            query = query.whereEqualTo("resolved", filter.resolved());
        }
        if (filter.severity() != null) {
            query = query.whereEqualTo("severity", filter.severity().wireName());
        }
        if (filter.runId() != null) {
            query = query.whereEqualTo("runId", filter.runId());
        }
        query = query.orderBy("createdAt", Query.Direction.DESCENDING).limit(filter.limit());
        return list(query, FirestoreDocuments::alert, "list alerts");
    }

    @Override
    public Optional<AlertRecord> resolveAlert(String alertId, Instant at, String by) {
        DocumentReference ref = alerts().document(alertId);
        return transaction(transaction -> {
            DocumentSnapshot doc = transaction.get(ref).get();
            if (!doc.exists()) {
                return Optional.<AlertRecord>empty();
            }
            AlertRecord stored = FirestoreDocuments.alert(doc);
            if (stored.resolved()) {
                return Optional.of(stored);
            }
            transaction.update(ref, Map.of("resolved", true, "resolvedAt", FirestoreDocuments.timestamp(at),
                    "resolvedBy", by));
            return Optional.of(stored.resolve(at, by));
        }, "resolve alert " + alertId);
    }

    @Override
    public Instant watchingSince(Instant now) {
        DocumentReference ref = firestore.collection(META).document("watchdog");
        return transaction(transaction -> {
            DocumentSnapshot doc = transaction.get(ref).get();
            if (doc.exists() && doc.getTimestamp("watchingSince") != null) {
                return FirestoreDocuments.instant(doc.getTimestamp("watchingSince"));
            }
            transaction.set(ref, Map.of("watchingSince", FirestoreDocuments.timestamp(now)));
            return now;
        }, "read the watchdog's start");
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

    private CollectionReference runs() {
        return firestore.collection(RUNS);
    }

    private CollectionReference alerts() {
        return firestore.collection(ALERTS);
    }

    private <T> List<T> list(Query query, Function<QueryDocumentSnapshot, T> mapper, String what) {
        List<T> found = new ArrayList<>();
        for (QueryDocumentSnapshot doc : await(query.get(), what).getDocuments()) {
            found.add(mapper.apply(doc));
        }
        return found;
    }

    private <T> T transaction(com.google.cloud.firestore.Transaction.Function<T> work, String what) {
        return await(firestore.runTransaction(work), what);
    }

    private <T> T await(ApiFuture<T> future, String what) {
        return FirestoreCalls.await(future, timeout, what);
    }
}
