package com.returnsorter.report.history;

import com.returnsorter.testing.FirestoreEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract against the real Firestore emulator, plus the document shape the console shows. */
class FirestoreHistoryStoreTest extends HistoryStoreContract {

    @RegisterExtension
    static final FirestoreEmulator FIRESTORE = new FirestoreEmulator();

    @Override
    HistoryStore store() {
        FIRESTORE.clear();
        return new FirestoreHistoryStore(FIRESTORE.firestore(), Duration.ofSeconds(30));
    }

    @Test
    @SuppressWarnings("unchecked")
    void writesTheDocumentsTheConsoleQueriesRead() throws Exception {
        HistoryStore store = store();
        RunRecord run = run("20261120_020000_aaaaaa", NIGHT, com.returnsorter.events.RunStatus.PARTIAL, false);
        store.saveItems(run.runId(), items().iterator());
        store.createRun(run);

        Map<String, Object> doc = FIRESTORE.firestore().collection("batchRuns").document(run.runId()).get().get()
                .getData();
        assertThat(doc).containsEntry("status", "partial").containsEntry("totalImages", 250L)
                .containsEntry("successRate", 80.4).containsEntry("trigger", "scheduled")
                .containsKeys("startedAt", "finishedAt", "durationSeconds", "successful", "failed", "lowConfidence",
                        "errorMessage", "categories", "confidence", "reports", "model");
        assertThat(doc.get("startedAt")).isInstanceOf(com.google.cloud.Timestamp.class);
        assertThat((Map<String, Object>) doc.get("categories")).containsEntry("T-shirt/top", 120L);

        Map<String, Object> item = FIRESTORE.firestore().collection("batchRuns").document(run.runId())
                .collection("items").document("000002").get().get().getData();
        assertThat(item).containsEntry("status", "review").containsEntry("confidence", 0.41)
                .containsEntry("object", "incoming/sub/c.png").containsKeys("destination", "category", "error",
                        "topK", "processedAt");
    }
}
