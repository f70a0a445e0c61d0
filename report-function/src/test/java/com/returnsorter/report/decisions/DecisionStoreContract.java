package com.returnsorter.report.decisions;

import com.returnsorter.events.ItemStatus;
import com.returnsorter.report.history.HistoryStore;
import com.returnsorter.report.history.ItemRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link DecisionStore} does, run against SQLite and the Firestore emulator. */
abstract class DecisionStoreContract {

    static final Instant MORNING = Instant.parse("2026-10-13T08:00:00Z");

    DecisionStore decisions;
    HistoryStore history;

    /** A fresh, empty pair of stores sharing one backing database. */
    abstract void open() throws Exception;

    /** The decision fields written on a run item, as the store keeps them. */
    abstract Map<String, Object> itemFields(String runId, String itemId) throws Exception;

    @BeforeEach
    void fresh() throws Exception {
        open();
        history.saveItems("20261013_020000_aaaaaa", List.of(
                item("000001", "return_20261013_001.jpg", "review/Coat/return_20261013_001.jpg", "Coat", 0.55),
                item("000002", "return_20261013_002.jpg", "processed/Bag/return_20261013_002.jpg", "Bag", 0.95)).iterator());
        history.saveItems("20261012_020000_bbbbbb", List.of(
                item("000001", "return_20261013_001.jpg", "review/Shirt/return_20261013_001.jpg", "Shirt", 0.41)).iterator());
    }

    @Test
    void ofTwoClaimsOnOnePhotoExactlyOneSucceeds() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Optional<DecisionRecord>>> claims = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                DecisionRecord pending = pending("review/Coat/a.jpg", 7, i % 2 == 0 ? Decision.APPROVE : Decision.REJECT,
                        "person-" + i);
                Callable<Optional<DecisionRecord>> claim = () -> {
                    go.await();
                    return decisions.claim(pending);
                };
                claims.add(pool.submit(claim));
            }
            go.countDown();
            List<Optional<DecisionRecord>> answers = new ArrayList<>();
            for (Future<Optional<DecisionRecord>> claim : claims) {
                answers.add(claim.get());
            }
            assertThat(answers).filteredOn(Optional::isEmpty).hasSize(1);
            assertThat(answers).filteredOn(Optional::isPresent).extracting(o -> o.get().decidedBy()).containsOnly(
                    decisions.find(DecisionRecord.idOf("review/Coat/a.jpg", 7)).orElseThrow().decidedBy());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCompletedDecisionIsFoundByObjectDestinationAndTimeAndMarksItsItem() throws Exception {
        DecisionRecord pending = new DecisionRecord(DecisionRecord.idOf("review/Coat/return_20261013_001.jpg", 3),
                "review/Coat/return_20261013_001.jpg", 3, "20261013_020000_aaaaaa", "000001", "Coat", 0.55,
                Decision.CORRECT, "Pullover", null, "anna@returns.example", MORNING, "wool", DecisionRecord.State.PENDING);
        assertThat(decisions.claim(pending)).isEmpty();
        DecisionRecord done = pending.done("processed/Pullover/return_20261013_001.jpg");
        decisions.complete(done);

        assertThat(decisions.find(done.decisionId())).contains(done);
        assertThat(decisions.onObject("review/Coat/return_20261013_001.jpg")).containsExactly(done);
        assertThat(decisions.movedTo("processed/Pullover/return_20261013_001.jpg")).contains(done);
        assertThat(decisions.between(MORNING, MORNING.plusSeconds(1), 10)).containsExactly(done);
        assertThat(decisions.between(MORNING.plusSeconds(1), MORNING.plusSeconds(60), 10)).isEmpty();
        assertThat(itemFields("20261013_020000_aaaaaa", "000001")).containsEntry("decision", "correct")
                .containsEntry("finalCategory", "Pullover").containsEntry("decidedBy", "anna@returns.example")
                .containsKey("decidedAt");
        // The item still reads back as an item.
        assertThat(decisions.itemsAt(List.of("review/Coat/return_20261013_001.jpg")))
                .containsOnlyKeys("review/Coat/return_20261013_001.jpg");
    }

    @Test
    void aRedeliveredRunKeepsTheDecisionOnItsItem() throws Exception {
        DecisionRecord pending = new DecisionRecord(DecisionRecord.idOf("review/Coat/return_20261013_001.jpg", 3),
                "review/Coat/return_20261013_001.jpg", 3, "20261013_020000_aaaaaa", "000001", "Coat", 0.55,
                Decision.APPROVE, "Coat", null, "anna@returns.example", MORNING, null, DecisionRecord.State.PENDING);
        decisions.claim(pending);
        decisions.complete(pending.done("processed/Coat/return_20261013_001.jpg"));

        history.saveItems("20261013_020000_aaaaaa", List.of(
                item("000001", "return_20261013_001.jpg", "review/Coat/return_20261013_001.jpg", "Coat", 0.55),
                item("000002", "return_20261013_002.jpg", "processed/Bag/return_20261013_002.jpg", "Bag", 0.95)).iterator());

        assertThat(itemFields("20261013_020000_aaaaaa", "000001")).containsEntry("decision", "approve")
                .containsEntry("decidedBy", "anna@returns.example").containsEntry("confidence", 0.55);
        assertThat(itemFields("20261013_020000_aaaaaa", "000002")).doesNotContainKey("decision");
        assertThat(history.items("20261013_020000_aaaaaa", null, HistoryStore.ItemOrder.ROW, 10)).hasSize(2);
    }

    @Test
    void aReleasedClaimLeavesNothingBehindAndADoneOneIsNeverReleased() {
        DecisionRecord pending = pending("review/Coat/b.jpg", 9, Decision.APPROVE, "anna");
        decisions.claim(pending);
        decisions.release(pending);
        assertThat(decisions.find(pending.decisionId())).isEmpty();

        decisions.claim(pending);
        decisions.complete(pending.done("processed/Coat/b.jpg"));
        decisions.release(pending);
        assertThat(decisions.find(pending.decisionId())).isPresent();
        assertThat(decisions.between(MORNING.minusSeconds(1), MORNING.plusSeconds(1), 10)).hasSize(1);
    }

    @Test
    void pendingDecisionsAreNotExported() {
        decisions.claim(pending("review/Coat/c.jpg", 1, Decision.APPROVE, "anna"));
        assertThat(decisions.between(MORNING.minusSeconds(1), MORNING.plusSeconds(1), 10)).isEmpty();
    }

    @Test
    void itemsAreFoundByWhereThePhotoWentAndByTheirName() {
        Map<String, ItemRef> at = decisions.itemsAt(List.of("review/Coat/return_20261013_001.jpg",
                "processed/Bag/return_20261013_002.jpg", "review/Coat/unknown.jpg"));
        assertThat(at).containsOnlyKeys("review/Coat/return_20261013_001.jpg", "processed/Bag/return_20261013_002.jpg");
        assertThat(at.get("processed/Bag/return_20261013_002.jpg").runId()).isEqualTo("20261013_020000_aaaaaa");
        assertThat(at.get("processed/Bag/return_20261013_002.jpg").item().topK()).containsKey("Bag");

        assertThat(decisions.itemsNamed("return_20261013_001", 10)).extracting(ItemRef::runId)
                .containsExactly("20261013_020000_aaaaaa", "20261012_020000_bbbbbb");
        assertThat(decisions.itemsNamed("return_20261013_00", 10)).hasSize(3);
        assertThat(decisions.itemsNamed("return_2026101", 10)).hasSize(3);
        assertThat(decisions.itemsNamed("return_20261014", 10)).isEmpty();
    }

    static DecisionRecord pending(String object, long generation, Decision decision, String by) {
        return new DecisionRecord(DecisionRecord.idOf(object, generation), object, generation, null, null, "Coat", 0.5,
                decision, decision == Decision.REJECT ? null : "Coat", null, by, MORNING, null,
                DecisionRecord.State.PENDING);
    }

    static ItemRecord item(String itemId, String name, String destination, String category, double confidence) {
        return new ItemRecord(itemId, "incoming/" + name, name, destination, category, confidence,
                confidence < 0.7 ? ItemStatus.REVIEW : ItemStatus.SORTED, null, null,
                Map.of(category, confidence, "Dress", (1 - confidence) / 2), MORNING.minusSeconds(20_000));
    }
}
