package com.returnsorter.report.returns;

import com.returnsorter.events.BucketLayout;
import com.returnsorter.events.ItemStatus;
import com.returnsorter.report.decisions.Decision;
import com.returnsorter.report.decisions.DecisionRecord;
import com.returnsorter.report.decisions.DecisionStore;
import com.returnsorter.report.decisions.ItemRef;
import com.returnsorter.report.history.ItemRecord;
import com.returnsorter.report.picklists.WarehouseConfiguration;
import com.returnsorter.report.workspace.ReturnIds;
import com.returnsorter.report.workspace.Workspace;
import com.returnsorter.service.api.ApiException;
import com.returnsorter.storage.ObjectInfo;
import com.returnsorter.storage.ObjectStore;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * Finds a return by the id in its photo's file name: the newest run item of that name, followed through
 * a reviewer's decision to where the photo is now; a photo no run has seen yet is found in
 * {@code incoming/}.
 */
@Singleton
public class ReturnLookup {

    private static final int CANDIDATES = 50;

    private final ObjectStore store;
    private final DecisionStore decisions;
    private final WarehouseConfiguration warehouse;

    public ReturnLookup(ObjectStore store, DecisionStore decisions, WarehouseConfiguration warehouse) {
        this.store = store;
        this.decisions = decisions;
        this.warehouse = warehouse;
    }

    /** The canonical id of what was typed; 400 when it is no return id. */
    public static String requireId(String typed) {
        return ReturnIds.parse(typed).orElseThrow(() -> new ApiException(400, "invalid-return-id",
                "'" + typed + "' is not a return id; type it as RET-20261013-001 or return_20261013_001"));
    }

    public ReturnStatus find(String typed) {
        String id = requireId(typed);
        return Workspace.guarded(() -> lookUp(id));
    }

    private ReturnStatus lookUp(String id) {
        Optional<ItemRef> newest = decisions.itemsNamed(id, CANDIDATES).stream()
                .filter(ref -> ReturnIds.ofKey(ref.item().filename()).equals(id))
                .findFirst();
        if (newest.isPresent() && newest.get().item().status() != ItemStatus.ERROR
                && newest.get().item().destination() != null) {
            return fromItem(id, newest.get());
        }
        Optional<ObjectInfo> waiting = store.list(BucketLayout.INCOMING + id, null, CANDIDATES).objects().stream()
                .filter(o -> !o.isFolderPlaceholder() && ReturnIds.ofKey(o.key()).equals(id))
                .findFirst();
        if (waiting.isPresent()) {
            ObjectInfo photo = waiting.get();
            return new ReturnStatus(id, ReturnIds.display(id), photo.key(), true, Workspace.photoPath(photo.key()),
                    "not yet processed", null, null, null, newest.map(ItemRef::runId).orElse(null), photo.updated(), null);
        }
        throw new ApiException(404, "no-such-return", "no photo of return " + ReturnIds.display(id)
                + " was found: not in incoming/ and not in any recorded run");
    }

    private ReturnStatus fromItem(String id, ItemRef ref) {
        ItemRecord item = ref.item();
        String key = item.destination();
        Optional<DecisionRecord> decided = decisions.onObject(key).stream()
                .filter(d -> d.state() == DecisionRecord.State.DONE).findFirst();
        String status;
        String category;
        String decidedBy = null;
        java.time.Instant at = item.processedAt();
        if (decided.isPresent()) {
            DecisionRecord d = decided.get();
            key = d.destination();
            status = d.decision().outcome();
            category = d.decision() == Decision.REJECT ? null : d.finalCategory();
            decidedBy = d.decidedBy();
            at = d.decidedAt();
        } else {
            status = switch (item.status()) {
                case SORTED -> "sorted";
                case REVIEW -> "awaiting review";
                case REJECTED -> "rejected";
                case ERROR -> "not yet processed";
            };
            category = item.status() == ItemStatus.REJECTED ? null : item.category();
        }
        boolean present = store.stat(key).isPresent();
        String location = category == null || status.equals("awaiting review") ? null
                : warehouse.locationOf(category).orElse(WarehouseConfiguration.UNASSIGNED);
        return new ReturnStatus(id, ReturnIds.display(id), key, present, Workspace.photoPath(key), status, category,
                item.confidence(), location, ref.runId(), at, decidedBy);
    }

}
