package com.returnsorter.report.history;

import io.micronaut.serde.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteHistoryStoreTest extends HistoryStoreContract {

    @TempDir
    Path folder;

    private SqliteHistoryStore store;

    @Override
    HistoryStore store() {
        store = new SqliteHistoryStore(folder.resolve("nested/history.db"), ObjectMapper.getDefault());
        return store;
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void keepsHistoryAcrossRestarts() {
        RunRecord run = run("20261120_020000_aaaaaa", NIGHT, com.returnsorter.events.RunStatus.SUCCESS, false);
        store().createRun(run);
        store.close();

        store = new SqliteHistoryStore(folder.resolve("nested/history.db"), ObjectMapper.getDefault());
        assertThat(store.findRun(run.runId())).contains(run);
    }

    @Test
    void aFileThatIsNotADatabaseIsAClearError() throws Exception {
        Path broken = folder.resolve("broken.db");
        java.nio.file.Files.writeString(broken, "this is not an SQLite database, it is a text file of some length");
        assertThatThrownBy(() -> new SqliteHistoryStore(broken, ObjectMapper.getDefault()))
                .isInstanceOf(HistoryUnavailableException.class)
                .hasMessageContaining(broken.toString());
    }
}
