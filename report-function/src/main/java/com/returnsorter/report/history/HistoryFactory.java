package com.returnsorter.report.history;

import com.google.cloud.NoCredentials;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link HistoryStore} that {@code history.kind} names. */
@Factory
class HistoryFactory {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryFactory.class);

    @Singleton
    @Bean(preDestroy = "close")
    @Requires(property = "history.kind", value = "firestore")
    Firestore firestore(HistoryConfiguration configuration, @Value("${gcp.project-id}") String projectId) {
        FirestoreOptions.Builder options = FirestoreOptions.newBuilder()
                .setProjectId(projectId)
                .setDatabaseId(configuration.firestoreDatabase());
        String emulator = configuration.firestoreEmulatorHost();
        if (emulator != null && !emulator.isBlank()) {
            // With NoCredentials the client dials the host in plaintext, so both hosts are the emulator.
            options.setEmulatorHost(emulator).setHost(emulator).setCredentials(NoCredentials.getInstance());
            LOG.info("Run history in the Firestore emulator at {} (project {})", emulator, projectId);
        } else {
            LOG.info("Run history in Firestore (project {}, database {})", projectId,
                    configuration.firestoreDatabase());
        }
        return options.build().getService();
    }

    @Singleton
    @Requires(property = "history.kind", value = "firestore")
    HistoryStore firestoreHistory(Firestore firestore, HistoryConfiguration configuration) {
        return new FirestoreHistoryStore(firestore, configuration.timeout());
    }

    @Singleton
    @Bean(preDestroy = "close")
    @Requires(property = "history.kind", value = "sqlite", defaultValue = "sqlite")
    SqliteHistoryStore sqliteHistory(HistoryConfiguration configuration, JsonMapper json) {
        LOG.info("Run history in the SQLite file {}", configuration.sqliteFile().toAbsolutePath());
        return new SqliteHistoryStore(configuration.sqliteFile(), json);
    }
}
