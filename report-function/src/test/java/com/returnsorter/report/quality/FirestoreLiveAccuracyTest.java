package com.returnsorter.report.quality;

import com.returnsorter.report.decisions.DecisionStore;
import com.returnsorter.report.decisions.FirestoreDecisionStore;
import com.returnsorter.testing.FirestoreEmulator;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

/** Live accuracy over {@code decisions/{decisionId}} in the real Firestore emulator. */
class FirestoreLiveAccuracyTest extends LiveAccuracyContract {

    @RegisterExtension
    static final FirestoreEmulator FIRESTORE = new FirestoreEmulator();

    @Override
    DecisionStore open() {
        FIRESTORE.clear();
        return new FirestoreDecisionStore(FIRESTORE.firestore(), Duration.ofSeconds(30));
    }
}
