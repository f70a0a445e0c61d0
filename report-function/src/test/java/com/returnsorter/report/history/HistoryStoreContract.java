package com.returnsorter.report.history;

import com.returnsorter.events.ItemStatus;
import com.returnsorter.events.RunStatus;
import com.returnsorter.report.alerts.AlertRecord;
import com.returnsorter.report.alerts.Channel;
import com.returnsorter.report.alerts.ChannelDelivery;
import com.returnsorter.report.alerts.Severity;
import com.returnsorter.report.history.HistoryStore.AlertQuery;
import com.returnsorter.report.history.HistoryStore.ItemOrder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link HistoryStore} does, run against the Firestore emulator and an SQLite file:
 * the same records back, the same answers in the same order.
 */
abstract class HistoryStoreContract {

    /** Firestore keeps microseconds; every time here has at most that precision. */
    static final Instant NIGHT = Instant.parse("2026-11-20T02:00:00.123456Z");

    /** A fresh, empty store. */
    abstract HistoryStore store();

    @Test
    void recordsARunWithItsItemsOnceAndReadsItBackUnchanged() {
        HistoryStore store = store();
        RunRecord run = run("20261120_020000_aaaaaa", NIGHT, RunStatus.PARTIAL, false);
        store.saveItems(run.runId(), items().iterator());

        assertThat(store.createRun(run)).isTrue();
        RunRecord redelivered = run("20261120_020000_aaaaaa", NIGHT, RunStatus.SUCCESS, false);
        assertThat(store.createRun(redelivered)).as("a second create is a redelivery").isFalse();

        assertThat(store.findRun(run.runId())).contains(run);
        assertThat(store.findRun("20261120_020000_nope00")).isEmpty();
        assertThat(store.items(run.runId(), null, ItemOrder.ROW, 100)).containsExactlyElementsOf(items());
    }

    @Test
    void listsRunsStartedSinceNewestFirstAndFindsTheLastRealRun() {
        HistoryStore store = store();
        RunRecord old = run("20261101_020000_aaaaaa", NIGHT.minus(Duration.ofDays(19)), RunStatus.SUCCESS, false);
        RunRecord recent = run("20261119_020000_bbbbbb", NIGHT.minus(Duration.ofDays(1)), RunStatus.FAILED, false);
        RunRecord latest = run("20261120_020000_cccccc", NIGHT, RunStatus.SUCCESS, false);
        RunRecord dry = run("20261120_100000_dddddd", NIGHT.plus(Duration.ofHours(8)), RunStatus.SUCCESS, true);
        List.of(old, recent, latest, dry).forEach(store::createRun);

        assertThat(store.runsStartedSince(NIGHT.minus(Duration.ofDays(7))))
                .extracting(RunRecord::runId)
                .containsExactly(dry.runId(), latest.runId(), recent.runId());
        assertThat(store.lastFinishedRun()).as("dry runs do not count").contains(latest);
    }

    @Test
    void filtersAndOrdersItemsByConfidenceWithUnclassifiedItemsFirst() {
        HistoryStore store = store();
        store.saveItems("run", items().iterator());

        assertThat(store.items("run", ItemStatus.REVIEW, ItemOrder.CONFIDENCE_ASCENDING, 10))
                .extracting(ItemRecord::confidence)
                .containsExactly(0.41, 0.55, 0.69);
        assertThat(store.items("run", null, ItemOrder.CONFIDENCE_ASCENDING, 3))
                .extracting(ItemRecord::itemId)
                .containsExactly("000004", "000002", "000003");
        assertThat(store.items("run", null, ItemOrder.CONFIDENCE_DESCENDING, 2))
                .extracting(ItemRecord::confidence)
                .containsExactly(0.97, 0.69);
        assertThat(store.items("run", ItemStatus.REJECTED, ItemOrder.ROW, 10))
                .singleElement()
                .satisfies(item -> {
                    assertThat(item.error()).isEqualTo("corrupt");
                    assertThat(item.confidence()).isNull();
                });
        assertThat(store.items("other-run", null, ItemOrder.ROW, 10)).isEmpty();
    }

    @Test
    void createsAnAlertOnceAndKeepsTheFirst() {
        HistoryStore store = store();
        AlertRecord first = alert("r1-low-confidence", Severity.WARNING, "r1", NIGHT);
        AlertRecord again = alert("r1-low-confidence", Severity.CRITICAL, "r1", NIGHT.plusSeconds(60));

        assertThat(store.createAlert(first)).isEqualTo(first);
        assertThat(store.createAlert(again)).isEqualTo(first);
        assertThat(store.findAlert("r1-low-confidence")).contains(first);
        assertThat(store.findAlert("nothing")).isEmpty();
    }

    @Test
    void claimsAChannelOnlyWhenNobodyElseIsSendingIt() {
        HistoryStore store = store();
        store.createAlert(alert("a", Severity.ERROR, "r1", NIGHT));
        Duration lease = Duration.ofMinutes(2);

        Optional<AlertRecord> claimed = store.claimChannel("a", Channel.SLACK, NIGHT, lease);
        assertThat(claimed).get().satisfies(alert -> {
            assertThat(alert.channel(Channel.SLACK).state()).isEqualTo(ChannelDelivery.State.SENDING);
            assertThat(alert.channel(Channel.SLACK).attempts()).isEqualTo(1);
        });
        assertThat(store.claimChannel("a", Channel.SLACK, NIGHT.plusSeconds(30), lease))
                .as("claimed by a live delivery").isEmpty();
        assertThat(store.claimChannel("a", Channel.EMAIL, NIGHT, lease)).as("channels are independent").isPresent();
        assertThat(store.claimChannel("a", Channel.SLACK, NIGHT.plus(lease), lease))
                .as("the claimer died; its lease ran out").get()
                .extracting(alert -> alert.channel(Channel.SLACK).attempts()).isEqualTo(2);

        ChannelDelivery failed = store.findAlert("a").orElseThrow().channel(Channel.SLACK)
                .failed("slack-webhook", "HTTP 500", false);
        store.recordChannel("a", Channel.SLACK, failed);
        assertThat(store.findAlert("a").orElseThrow().channel(Channel.SLACK)).isEqualTo(failed);
        assertThat(store.claimChannel("a", Channel.SLACK, NIGHT.plus(lease), lease)).as("failed is retried").isPresent();

        ChannelDelivery delivered = store.findAlert("a").orElseThrow().channel(Channel.SLACK)
                .delivered(NIGHT.plus(lease).plusSeconds(1), "slack-webhook");
        store.recordChannel("a", Channel.SLACK, delivered);
        assertThat(store.claimChannel("a", Channel.SLACK, NIGHT.plus(Duration.ofDays(1)), lease))
                .as("delivered is never sent again").isEmpty();
        assertThat(store.claimChannel("missing", Channel.SLACK, NIGHT, lease)).isEmpty();
    }

    @Test
    void threeDeliveriesClaimingAtOnceLetExactlyOneSend() throws Exception {
        HistoryStore store = store();
        store.createAlert(alert("race", Severity.INFO, "r1", NIGHT));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Callable<Boolean>> claims = new ArrayList<>();
            IntStream.range(0, 3).forEach(i -> claims.add(
                    () -> store.claimChannel("race", Channel.SLACK, NIGHT, Duration.ofMinutes(2)).isPresent()));
            long winners = 0;
            for (Future<Boolean> result : pool.invokeAll(claims)) {
                winners += result.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void filtersAlertsNewestFirstAndResolvesThemOnce() {
        HistoryStore store = store();
        store.createAlert(alert("r1-run-summary", Severity.INFO, "r1", NIGHT));
        store.createAlert(alert("r1-low-confidence", Severity.WARNING, "r1", NIGHT.plusSeconds(1)));
        store.createAlert(alert("r2-run-failed", Severity.CRITICAL, "r2", NIGHT.plusSeconds(2)));
        store.createAlert(alert("20261122-missed-run", Severity.WARNING, null, NIGHT.plusSeconds(3)));

        assertThat(store.alerts(AlertQuery.recent(10))).extracting(AlertRecord::alertId)
                .containsExactly("20261122-missed-run", "r2-run-failed", "r1-low-confidence", "r1-run-summary");
        assertThat(store.alerts(AlertQuery.recent(2))).hasSize(2);
        assertThat(store.alerts(new AlertQuery(null, Severity.WARNING, null, 10))).extracting(AlertRecord::alertId)
                .containsExactly("20261122-missed-run", "r1-low-confidence");
        assertThat(store.alerts(new AlertQuery(null, null, "r1", 10))).hasSize(2);

        Instant at = NIGHT.plus(Duration.ofHours(6));
        assertThat(store.resolveAlert("r2-run-failed", at, "anna")).get().satisfies(alert -> {
            assertThat(alert.resolved()).isTrue();
            assertThat(alert.resolvedAt()).isEqualTo(at);
            assertThat(alert.resolvedBy()).isEqualTo("anna");
        });
        assertThat(store.resolveAlert("r2-run-failed", at.plusSeconds(60), "ben"))
                .as("the first resolution stays").get().extracting(AlertRecord::resolvedBy).isEqualTo("anna");
        assertThat(store.resolveAlert("nothing", at, "anna")).isEmpty();
        assertThat(store.alerts(new AlertQuery(false, null, null, 10))).extracting(AlertRecord::alertId)
                .doesNotContain("r2-run-failed").hasSize(3);
        assertThat(store.alerts(new AlertQuery(true, Severity.CRITICAL, null, 10))).extracting(AlertRecord::alertId)
                .containsExactly("r2-run-failed");
    }

    @Test
    void remembersWhenTheWatchdogFirstLooked() {
        HistoryStore store = store();
        assertThat(store.watchingSince(NIGHT)).isEqualTo(NIGHT);
        assertThat(store.watchingSince(NIGHT.plus(Duration.ofDays(3)))).isEqualTo(NIGHT);
    }

    static RunRecord run(String runId, Instant startedAt, RunStatus status, boolean dryRun) {
        Map<String, Integer> categories = new LinkedHashMap<>();
        categories.put("T-shirt/top", 120);
        categories.put("Ankle boot", 80);
        categories.put("a.b", 1);
        return new RunRecord(runId, "scheduled", dryRun, startedAt, startedAt.plusSeconds(312).plusNanos(5000),
                312.4, 250, 201, 49, 150, 51, 9, 40, 80.4, status, status == RunStatus.FAILED ? "predict down" : null,
                categories, new RunRecord.Confidence(120, 30, 51, 0.65),
                new RunRecord.Reports("reports/" + runId + "/results.csv", "reports/" + runId + "/summary.json",
                        "reports/" + runId + "/report.html"),
                new RunRecord.Model("fashion-mnist-cnn", "1.0.0"), "gs://returns", 250, null,
                startedAt.plusSeconds(400));
    }

    static List<ItemRecord> items() {
        Map<String, Double> topK = new LinkedHashMap<>();
        topK.put("Shirt", 0.97);
        topK.put("T-shirt/top", 0.02);
        topK.put("Coat", 0.01);
        return List.of(
                new ItemRecord("000001", "incoming/a b.jpg", "a b.jpg", "processed/Shirt/a b.jpg", "Shirt", 0.97,
                        ItemStatus.SORTED, null, null, topK, NIGHT),
                new ItemRecord("000002", "incoming/sub/c.png", "c.png", "review/Coat/c.png", "Coat", 0.41,
                        ItemStatus.REVIEW, null, null, Map.of("Coat", 0.41), NIGHT.plusSeconds(1), "low-confidence"),
                new ItemRecord("000003", "incoming/d.webp", "d.webp", "review/Bag/d.webp", "Bag", 0.55,
                        ItemStatus.REVIEW, null, null, Map.of("Bag", 0.55), NIGHT.plusSeconds(2), "several-objects"),
                new ItemRecord("000004", "incoming/e.txt", "e.txt", "rejected/e.txt", null, null,
                        ItemStatus.REJECTED, "corrupt", "not an image", null, NIGHT.plusSeconds(3)),
                new ItemRecord("000005", "incoming/f.jpg", "f.jpg", "review/Dress/f.jpg", "Dress", 0.69,
                        ItemStatus.REVIEW, null, null, Map.of("Dress", 0.69), NIGHT.plusSeconds(4)));
    }

    static AlertRecord alert(String id, Severity severity, String runId, Instant createdAt) {
        return new AlertRecord(id, createdAt, severity, id.substring(id.indexOf('-') + 1), "subject of " + id,
                "message of " + id, runId, Map.of("slack", ChannelDelivery.PENDING), false, null, null);
    }
}
