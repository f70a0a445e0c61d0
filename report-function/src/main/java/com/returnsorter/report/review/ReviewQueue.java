package com.returnsorter.report.review;

import com.returnsorter.events.BucketLayout;
import com.returnsorter.report.decisions.DecisionStore;
import com.returnsorter.report.decisions.ItemRef;
import com.returnsorter.report.history.ItemRecord;
import com.returnsorter.report.workspace.Workspace;
import com.returnsorter.report.workspace.WorkspaceConfiguration;
import com.returnsorter.storage.ObjectInfo;
import com.returnsorter.storage.ObjectKeys;
import com.returnsorter.storage.ObjectPage;
import com.returnsorter.storage.ObjectStore;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The photos waiting in {@code review/} (or lying in {@code rejected/}), oldest run first, each joined
 * with what its run's item says: prediction, runners-up, run and time. Lists at most
 * {@link #SCAN_LIMIT} objects, so a flooded folder costs a bounded amount per page view.
 */
@Singleton
public class ReviewQueue {

    /** Most objects looked at per page view. */
    static final int SCAN_LIMIT = 5_000;
    private static final int LIST_PAGE = 1_000;
    private static final int RUNNERS_UP = 3;

    private final ObjectStore store;
    private final DecisionStore decisions;
    private final WorkspaceConfiguration configuration;

    public ReviewQueue(ObjectStore store, DecisionStore decisions, WorkspaceConfiguration configuration) {
        this.store = store;
        this.decisions = decisions;
        this.configuration = configuration;
    }

    /** Which folder a queue shows. */
    public enum Tab {
        REVIEW(BucketLayout.REVIEW), REJECTED(BucketLayout.REJECTED);

        final String folder;

        Tab(String folder) {
            this.folder = folder;
        }

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Tab of(String value) {
            return value != null && value.strip().equalsIgnoreCase("rejected") ? REJECTED : REVIEW;
        }
    }

    /**
     * @param entries   the photos shown, oldest run first
     * @param total     photos found in the folder (at most {@link #SCAN_LIMIT})
     * @param truncated whether the folder holds more than were looked at
     */
    public record Page(Tab tab, List<ReviewEntry> entries, int total, boolean truncated) {
    }

    public Page page(Tab tab) {
        return Workspace.guarded(() -> load(tab));
    }

    private Page load(Tab tab) {
        List<ObjectInfo> photos = new ArrayList<>();
        String token = null;
        boolean truncated = false;
        do {
            ObjectPage page = store.list(tab.folder, token, LIST_PAGE);
            for (ObjectInfo info : page.objects()) {
                if (info.isFolderPlaceholder() || !ObjectKeys.isSafe(info.key())) {
                    continue;
                }
                if (tab == Tab.REVIEW && Workspace.categoryFolder(info.key()) == null) {
                    continue;
                }
                if (photos.size() == SCAN_LIMIT) {
                    truncated = true;
                    break;
                }
                photos.add(info);
            }
            token = truncated ? null : page.nextPageToken();
        } while (token != null);

        Map<String, ItemRef> items = decisions.itemsAt(photos.stream().map(ObjectInfo::key).toList());
        List<ReviewEntry> entries = new ArrayList<>(photos.size());
        for (ObjectInfo photo : photos) {
            entries.add(entry(photo, items.get(photo.key())));
        }
        // Oldest run first; photos history does not know come after, oldest first.
        entries.sort(Comparator.comparing((ReviewEntry e) -> e.runId() == null ? "~" : e.runId())
                .thenComparing(ReviewEntry::at).thenComparing(ReviewEntry::object));
        int total = entries.size();
        return new Page(tab, List.copyOf(entries.subList(0, Math.min(total, configuration.reviewPageSize()))), total,
                truncated);
    }

    private static ReviewEntry entry(ObjectInfo photo, ItemRef ref) {
        String name = ObjectKeys.fileName(photo.key());
        if (ref == null) {
            return new ReviewEntry(photo.key(), photo.generation(), name, Workspace.categoryFolder(photo.key()), null,
                    List.of(), null, photo.updated(), null);
        }
        ItemRecord item = ref.item();
        List<ReviewEntry.RunnerUp> runnersUp = new ArrayList<>();
        if (item.topK() != null) {
            item.topK().entrySet().stream()
                    .filter(e -> !e.getKey().equals(item.category()))
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .limit(RUNNERS_UP)
                    .forEachOrdered(e -> runnersUp.add(new ReviewEntry.RunnerUp(e.getKey(), e.getValue())));
        }
        String reason = item.errorMessage() != null ? item.errorMessage() : item.error();
        return new ReviewEntry(photo.key(), photo.generation(), name,
                item.category() != null ? item.category() : Workspace.categoryFolder(photo.key()), item.confidence(),
                runnersUp, ref.runId(), item.processedAt(), reason);
    }
}
