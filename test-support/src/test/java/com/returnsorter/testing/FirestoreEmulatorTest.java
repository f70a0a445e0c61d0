package com.returnsorter.testing;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QuerySnapshot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class FirestoreEmulatorTest {

    @RegisterExtension
    static final FirestoreEmulator FIRESTORE = new FirestoreEmulator();

    @BeforeEach
    void startClean() {
        FIRESTORE.clear();
    }

    @Test
    void writtenDocumentsAreReadBackAndQueried() throws Exception {
        Firestore db = FIRESTORE.firestore();
        DocumentReference run = db.collection("batchRuns").document("20260101_020000_ab12");
        run.set(Map.of("runId", "20260101_020000_ab12", "status", "success", "totalImages", 3,
                "startedAt", Timestamp.ofTimeSecondsAndNanos(1_767_232_800L, 0))).get(30, TimeUnit.SECONDS);
        run.collection("items").document("a.jpg").set(Map.of("category", "Sneaker", "confidence", 0.93))
                .get(30, TimeUnit.SECONDS);

        DocumentSnapshot read = run.get().get(30, TimeUnit.SECONDS);
        QuerySnapshot successful = db.collection("batchRuns").whereEqualTo("status", "success").get()
                .get(30, TimeUnit.SECONDS);

        assertThat(read.getString("status")).isEqualTo("success");
        assertThat(read.getLong("totalImages")).isEqualTo(3L);
        assertThat(read.getTimestamp("startedAt")).isEqualTo(Timestamp.ofTimeSecondsAndNanos(1_767_232_800L, 0));
        assertThat(successful.getDocuments()).extracting(DocumentSnapshot::getId)
                .containsExactly("20260101_020000_ab12");
        assertThat(run.collection("items").document("a.jpg").get().get(30, TimeUnit.SECONDS).getDouble("confidence"))
                .isEqualTo(0.93);
    }

    @Test
    void clearDeletesEveryDocumentIncludingSubcollections() throws Exception {
        Firestore db = FIRESTORE.firestore();
        DocumentReference run = db.collection("batchRuns").document("r1");
        run.set(Map.of("status", "failed")).get(30, TimeUnit.SECONDS);
        run.collection("items").document("x").set(Map.of("status", "error")).get(30, TimeUnit.SECONDS);
        db.collection("alerts").document("r1-run-failed").set(Map.of("severity", "CRITICAL"))
                .get(30, TimeUnit.SECONDS);

        FIRESTORE.clear();

        assertThat(run.get().get(30, TimeUnit.SECONDS).exists()).isFalse();
        assertThat(run.collection("items").get().get(30, TimeUnit.SECONDS).isEmpty()).isTrue();
        assertThat(db.collection("alerts").get().get(30, TimeUnit.SECONDS).isEmpty()).isTrue();
    }

    @Test
    void clearLeavesOtherProjectsAlone() throws Exception {
        FirestoreEmulator other = new FirestoreEmulator("another-project");
        DocumentReference kept = other.firestore().collection("batchRuns").document("kept");
        kept.set(Map.of("status", "success")).get(30, TimeUnit.SECONDS);

        FIRESTORE.clear();

        assertThat(kept.get().get(30, TimeUnit.SECONDS).exists()).isTrue();
        other.clear();
        assertThat(kept.get().get(30, TimeUnit.SECONDS).exists()).isFalse();
    }

    @Test
    void sharesOneEmulatorAndClientPerProject() {
        assertThat(FIRESTORE.host()).matches("[^:]+:\\d+");
        assertThat(new FirestoreEmulator().host()).isEqualTo(FIRESTORE.host());
        assertThat(new FirestoreEmulator().firestore()).isSameAs(FIRESTORE.firestore());
        assertThat(FIRESTORE.firestore().getOptions().getProjectId()).isEqualTo("return-sorter-test");
    }
}
