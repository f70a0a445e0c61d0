package com.returnsorter.report.ingest;

import com.returnsorter.report.ReportConfiguration;
import com.returnsorter.report.alerts.AlertConfiguration;
import com.returnsorter.report.alerts.AlertDispatcher;
import com.returnsorter.report.alerts.AlertRecord;
import com.returnsorter.report.alerts.AlertRules;
import com.returnsorter.report.alerts.ReviewBacklog;
import com.returnsorter.storage.ObjectInfo;
import com.returnsorter.storage.ObjectPage;
import com.returnsorter.storage.ObjectStore;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The hourly look at {@code review/}: raises {@code review-backlog} (once per day, by its id) when
 * photos have waited there longer than {@code alerts.review-backlog-days}. The bucket's lifecycle
 * no longer deletes them, so this alert is what keeps them from being forgotten.
 *
 * <p>A photo's waiting time is counted from its object's update time: the batch copies a photo into
 * {@code review/}, so that is when it arrived there (Cloud Storage and the local directory both set it).
 */
@Singleton
public class ReviewBacklogWatchdog {

    /** The batch's {@code Layout.REVIEW}; the report service does not depend on the batch module. */
    static final String REVIEW_PREFIX = "review/";
    /** Bounds one check's work; beyond it the alert says "at least". */
    static final int MAX_LISTED = 10_000;
    static final int PAGE_SIZE = 1_000;
    static final int EXAMPLES = 3;

    private final ObjectStore store;
    private final AlertRules rules;
    private final AlertDispatcher dispatcher;
    private final AlertConfiguration alerts;
    private final ReportConfiguration report;
    private final Clock clock;

    public ReviewBacklogWatchdog(ObjectStore store, AlertRules rules, AlertDispatcher dispatcher,
                                 AlertConfiguration alerts, ReportConfiguration report, Clock clock) {
        this.store = store;
        this.rules = rules;
        this.dispatcher = dispatcher;
        this.alerts = alerts;
        this.report = report;
        this.clock = clock;
    }

    /**
     * @return the review-backlog alert raised or found again, or empty when no photo is overdue
     * @throws NotificationsPendingException when its email is not delivered yet
     * @throws com.returnsorter.storage.ObjectStoreException when the bucket cannot be listed
     */
    public List<AlertRecord> check() {
        Instant now = clock.instant();
        List<AlertRecord> backlog = rules.reviewBacklog(now, report.timeZone(), look(now));
        if (backlog.isEmpty()) {
            return backlog;
        }
        AlertDispatcher.DispatchResult result = dispatcher.raise(backlog, null);
        if (!result.settled()) {
            throw new NotificationsPendingException("review-backlog", result.pending());
        }
        return result.alerts();
    }

    ReviewBacklog look(Instant now) {
        Instant cutoff = now.minus(Duration.ofDays(alerts.reviewBacklogDays()));
        Comparator<ObjectInfo> newestFirst = Comparator.comparing(ObjectInfo::updated).reversed();
        // The EXAMPLES oldest overdue photos; the head is the newest of them, dropped when an older one comes.
        PriorityQueue<ObjectInfo> oldest = new PriorityQueue<>(newestFirst);
        int listed = 0;
        int overdue = 0;
        String pageToken = null;
        do {
            ObjectPage page = store.list(REVIEW_PREFIX, pageToken, Math.min(PAGE_SIZE, MAX_LISTED - listed));
            for (ObjectInfo object : page.objects()) {
                listed++;
                if (object.isFolderPlaceholder() || !object.updated().isBefore(cutoff)) {
                    continue;
                }
                overdue++;
                oldest.add(object);
                if (oldest.size() > EXAMPLES) {
                    oldest.poll();
                }
            }
            pageToken = page.nextPageToken();
        } while (pageToken != null && listed < MAX_LISTED);
        List<ObjectInfo> examples = new ArrayList<>(oldest);
        examples.sort(newestFirst.reversed());
        ObjectInfo first = examples.isEmpty() ? null : examples.get(0);
        return new ReviewBacklog(overdue, listed, pageToken != null, first == null ? null : first.key(),
                first == null ? null : first.updated(), examples.stream().map(ObjectInfo::key).toList());
    }
}
