package com.returnsorter.report.decisions;

import com.returnsorter.report.history.FirestoreHistoryStore;
import com.returnsorter.testing.FirestoreEmulator;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

/** The contract against the real Firestore emulator: {@code decisions/{decisionId}} and the item's decision fields. */
class FirestoreDecisionStoreTest extends DecisionStoreContract {

    @RegisterExtension
    static final FirestoreEmulator FIRESTORE = new FirestoreEmulator();

    @Override
    void open() {
        FIRESTORE.clear();
        history = new FirestoreHistoryStore(FIRESTORE.firestore(), Duration.ofSeconds(30));
        decisions = new FirestoreDecisionStore(FIRESTORE.firestore(), Duration.ofSeconds(30));
    }

    @Override
    Map<String, Object> itemFields(String runId, String itemId) throws Exception {
        return FIRESTORE.firestore().collection("batchRuns").document(runId).collection("items").document(itemId)
                .get().get().getData();
    }
}
