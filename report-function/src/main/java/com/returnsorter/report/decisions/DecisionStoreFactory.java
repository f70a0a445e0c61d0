package com.returnsorter.report.decisions;

import com.google.cloud.firestore.Firestore;
import com.returnsorter.report.history.HistoryConfiguration;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

/** The {@link DecisionStore} beside the run history that {@code history.kind} names. */
@Factory
class DecisionStoreFactory {

    @Singleton
    @Requires(property = "history.kind", value = "firestore")
    DecisionStore firestoreDecisions(Firestore firestore, HistoryConfiguration configuration) {
        return new FirestoreDecisionStore(firestore, configuration.timeout());
    }

    @Singleton
    @Bean(preDestroy = "close")
    @Requires(property = "history.kind", value = "sqlite", defaultValue = "sqlite")
    SqliteDecisionStore sqliteDecisions(HistoryConfiguration configuration, JsonMapper json) {
        return new SqliteDecisionStore(configuration.sqliteFile(), json);
    }
}
