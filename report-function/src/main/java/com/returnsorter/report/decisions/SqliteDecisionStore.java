package com.returnsorter.report.decisions;

import com.returnsorter.report.history.SqliteHistoryFile;
import com.returnsorter.report.history.HistoryUnavailableException;
import com.returnsorter.report.history.ItemRecord;
import io.micronaut.json.JsonMapper;
import jakarta.annotation.PreDestroy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decisions in the local SQLite history file (a {@code decisions} table beside the history's
 * {@code items}), on a connection of its own; SQLite's write-ahead log lets it share the file with
 * {@link com.returnsorter.report.history.SqliteHistoryStore}. The claim is a primary key: of two
 * inserts of the same decision id exactly one succeeds.
 */
public final class SqliteDecisionStore implements DecisionStore, AutoCloseable {

    private final Connection connection;
    private final JsonMapper json;

    public SqliteDecisionStore(Path file, JsonMapper json) {
        this.json = json;
        try {
            connection = SqliteHistoryFile.open(file);
            try (Statement statement = connection.createStatement()) {
                statement.execute("""
                        CREATE TABLE IF NOT EXISTS decisions (
                            decision_id TEXT PRIMARY KEY, object TEXT NOT NULL, destination TEXT,
                            decided_at INTEGER NOT NULL, state TEXT NOT NULL, doc TEXT NOT NULL)""");
                statement.execute("CREATE INDEX IF NOT EXISTS decisions_object ON decisions (object)");
                statement.execute("CREATE INDEX IF NOT EXISTS decisions_destination ON decisions (destination)");
                statement.execute("CREATE INDEX IF NOT EXISTS decisions_decided ON decisions (decided_at)");
                // The history's table, created here too so that either store may start first.
                SqliteHistoryFile.createItemsTable(statement);
                statement.execute("CREATE INDEX IF NOT EXISTS items_destination ON items (json_extract(doc, '$.destination'))");
                statement.execute("CREATE INDEX IF NOT EXISTS items_filename ON items (json_extract(doc, '$.filename'))");
            }
        } catch (SQLException | IOException e) {
            throw new HistoryUnavailableException("cannot open the decisions in " + file.toAbsolutePath(), e);
        }
    }

    @Override
    public synchronized Optional<DecisionRecord> claim(DecisionRecord pending) {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT OR IGNORE INTO decisions (decision_id, object, destination, decided_at, state, doc) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, pending.decisionId());
            insert.setString(2, pending.object());
            insert.setString(3, pending.destination());
            insert.setLong(4, pending.decidedAt().toEpochMilli());
            insert.setString(5, pending.state().name());
            insert.setString(6, write(pending));
            if (insert.executeUpdate() == 1) {
                return Optional.empty();
            }
        } catch (SQLException e) {
            throw new HistoryUnavailableException("cannot record a decision", e);
        }
        return find(pending.decisionId());
    }

    @Override
    public synchronized void complete(DecisionRecord done) {
        try {
            connection.setAutoCommit(false);
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE decisions SET destination = ?, state = ?, doc = ? WHERE decision_id = ?")) {
                update.setString(1, done.destination());
                update.setString(2, done.state().name());
                update.setString(3, write(done));
                update.setString(4, done.decisionId());
                update.executeUpdate();
            }
            if (done.runId() != null && done.itemId() != null) {
                try (PreparedStatement item = connection.prepareStatement("""
                        UPDATE items SET doc = json_set(doc, '$.decision', ?, '$.finalCategory', ?, '$.decidedBy', ?,
                            '$.decidedAt', ?, '$.decisionId', ?) WHERE run_id = ? AND item_id = ?""")) {
                    item.setString(1, done.decision().wireName());
                    item.setString(2, done.finalCategory());
                    item.setString(3, done.decidedBy());
                    item.setString(4, done.decidedAt().toString());
                    item.setString(5, done.decisionId());
                    item.setString(6, done.runId());
                    item.setString(7, done.itemId());
                    item.executeUpdate();
                }
            }
            connection.commit();
        } catch (SQLException e) {
            rollback();
            throw new HistoryUnavailableException("cannot record decision " + done.decisionId(), e);
        } finally {
            autoCommit();
        }
    }

    @Override
    public synchronized void release(DecisionRecord pending) {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM decisions WHERE decision_id = ? AND state = ?")) {
            delete.setString(1, pending.decisionId());
            delete.setString(2, DecisionRecord.State.PENDING.name());
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new HistoryUnavailableException("cannot release decision " + pending.decisionId(), e);
        }
    }

    @Override
    public synchronized Optional<DecisionRecord> find(String decisionId) {
        return decisions("SELECT doc FROM decisions WHERE decision_id = ?", decisionId).stream().findFirst();
    }

    @Override
    public synchronized List<DecisionRecord> onObject(String object) {
        return decisions("SELECT doc FROM decisions WHERE object = ? ORDER BY decided_at DESC, decision_id DESC", object);
    }

    @Override
    public synchronized Optional<DecisionRecord> movedTo(String destination) {
        return decisions("SELECT doc FROM decisions WHERE destination = ? AND state = 'DONE' ORDER BY decided_at DESC LIMIT 1",
                destination).stream().findFirst();
    }

    @Override
    public synchronized List<DecisionRecord> between(Instant from, Instant to, int limit) {
        return decisions("SELECT doc FROM decisions WHERE decided_at >= ? AND decided_at < ? AND state = 'DONE'"
                + " ORDER BY decided_at, decision_id LIMIT ?", from.toEpochMilli(), to.toEpochMilli(), limit);
    }

    @Override
    public synchronized Map<String, ItemRef> itemsAt(Collection<String> destinations) {
        Map<String, ItemRef> found = new LinkedHashMap<>();
        for (String destination : destinations) {
            items("SELECT run_id, doc FROM items WHERE json_extract(doc, '$.destination') = ? ORDER BY run_id DESC LIMIT 1",
                    destination).forEach(ref -> found.put(destination, ref));
        }
        return found;
    }

    @Override
    public synchronized List<ItemRef> itemsNamed(String namePrefix, int limit) {
        return items("SELECT run_id, doc FROM items WHERE json_extract(doc, '$.filename') >= ?"
                + " AND json_extract(doc, '$.filename') < ? ORDER BY run_id DESC, item_id LIMIT ?",
                namePrefix, namePrefix + Character.MAX_VALUE, limit);
    }

    @PreDestroy
    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new HistoryUnavailableException("cannot close the decisions", e);
        }
    }

    private List<DecisionRecord> decisions(String sql, Object... parameters) {
        List<DecisionRecord> found = new ArrayList<>();
        query(sql, rows -> found.add(read(rows.getString(1), DecisionRecord.class)), parameters);
        return found;
    }

    private List<ItemRef> items(String sql, Object... parameters) {
        List<ItemRef> found = new ArrayList<>();
        query(sql, rows -> found.add(new ItemRef(rows.getString(1), read(rows.getString(2), ItemRecord.class))), parameters);
        return found;
    }

    private void query(String sql, Row row, Object... parameters) {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    row.accept(rows);
                }
            }
        } catch (SQLException e) {
            throw new HistoryUnavailableException("cannot read the decisions", e);
        }
    }

    private <T> T read(String doc, Class<T> type) {
        try {
            return json.readValue(doc, type);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored record does not parse", e);
        }
    }

    private String write(Object record) {
        try {
            return json.writeValueAsString(record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void rollback() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection reports the original failure
        }
    }

    private void autoCommit() {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException ignored) {
            // next statement reports it
        }
    }

    @FunctionalInterface
    private interface Row {
        void accept(ResultSet rows) throws SQLException;
    }
}
