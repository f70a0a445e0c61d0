package com.returnsorter.report.decisions;

import com.returnsorter.report.history.SqliteHistoryStore;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;

/** The contract on the local SQLite file, shared with the run history as in local mode. */
class SqliteDecisionStoreTest extends DecisionStoreContract {

    @TempDir
    Path folder;

    @Override
    void open() {
        JsonMapper json = JsonMapper.createDefault();
        history = new SqliteHistoryStore(folder.resolve("history.db"), json);
        decisions = new SqliteDecisionStore(folder.resolve("history.db"), json);
    }

    @AfterEach
    void close() {
        ((SqliteDecisionStore) decisions).close();
        ((SqliteHistoryStore) history).close();
    }

    @Override
    @SuppressWarnings("unchecked")
    Map<String, Object> itemFields(String runId, String itemId) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("history.db"));
             var select = c.prepareStatement("SELECT doc FROM items WHERE run_id = ? AND item_id = ?")) {
            select.setString(1, runId);
            select.setString(2, itemId);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return JsonMapper.createDefault().readValue(rows.getString(1), Map.class);
            }
        }
    }
}
