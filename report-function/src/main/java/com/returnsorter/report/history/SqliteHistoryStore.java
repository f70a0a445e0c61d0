package com.returnsorter.report.history;

import com.returnsorter.events.ItemStatus;
import com.returnsorter.report.alerts.AlertRecord;
import com.returnsorter.report.alerts.Channel;
import com.returnsorter.report.alerts.ChannelDelivery;
import io.micronaut.core.annotation.Nullable;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Run history in one SQLite file: local mode (DESIGN.md). Each record is kept as its JSON document
 * beside the columns the queries filter and order on, so it reads back exactly as written and
 * answers the same queries as {@link FirestoreHistoryStore}.
 *
 * <p>One connection, used by one thread at a time: local mode has one process and a handful of
 * writes a night, and SQLite serialises writers anyway.
 */
public final class SqliteHistoryStore implements HistoryStore, AutoCloseable {

    private static final int ITEM_BATCH = 500;

    private final Connection connection;
    private final JsonMapper json;
    private final Path file;

    public SqliteHistoryStore(Path file, JsonMapper json) {
        this.json = json;
        this.file = file.toAbsolutePath();
        try {
            connection = SqliteHistoryFile.open(file);
            try (Statement statement = connection.createStatement()) {
                statement.execute("""
                        CREATE TABLE IF NOT EXISTS runs (
                            run_id TEXT PRIMARY KEY, started_at INTEGER NOT NULL, finished_at INTEGER NOT NULL,
                            dry_run INTEGER NOT NULL, status TEXT NOT NULL, doc TEXT NOT NULL)""");
                statement.execute("CREATE INDEX IF NOT EXISTS runs_started ON runs (started_at)");
                SqliteHistoryFile.createItemsTable(statement);
                statement.execute("""
                        CREATE TABLE IF NOT EXISTS alerts (
                            alert_id TEXT PRIMARY KEY, created_at INTEGER NOT NULL, severity TEXT NOT NULL,
                            run_id TEXT, resolved INTEGER NOT NULL, doc TEXT NOT NULL)""");
                statement.execute("CREATE INDEX IF NOT EXISTS alerts_created ON alerts (created_at)");
                statement.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            }
        } catch (SQLException | IOException e) {
            throw new HistoryUnavailableException("cannot open the history file " + file.toAbsolutePath(), e);
        }
    }

    @Override
    public synchronized String checkReachable() {
        try (var statement = connection.createStatement()) {
            statement.execute("SELECT count(*) FROM sqlite_master");
            return "sqlite:" + file;
        } catch (java.sql.SQLException e) {
            throw new HistoryUnavailableException("SQLite failed to answer: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void saveItems(String runId, Iterator<ItemRecord> items) {
        // A redelivered run rewrites its items but keeps what reviewers wrote on them (the workspace's decision fields).
        String sql = """
                INSERT INTO items (run_id, item_id, status, confidence, doc) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (run_id, item_id) DO UPDATE SET status = excluded.status, confidence = excluded.confidence,
                    doc = json_patch(excluded.doc, json_object(
                        'decision', json_extract(items.doc, '$.decision'),
                        'finalCategory', json_extract(items.doc, '$.finalCategory'),
                        'decidedBy', json_extract(items.doc, '$.decidedBy'),
                        'decidedAt', json_extract(items.doc, '$.decidedAt'),
                        'decisionId', json_extract(items.doc, '$.decisionId')))""";
        inTransaction(() -> {
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                int pending = 0;
                while (items.hasNext()) {
                    ItemRecord item = items.next();
                    insert.setString(1, runId);
                    insert.setString(2, item.itemId());
                    insert.setString(3, item.status().wireName());
                    if (item.confidence() == null) {
                        insert.setNull(4, java.sql.Types.REAL);
                    } else {
                        insert.setDouble(4, item.confidence());
                    }
                    insert.setString(5, write(item));
                    insert.addBatch();
                    if (++pending == ITEM_BATCH) {
                        insert.executeBatch();
                        pending = 0;
                    }
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    @Override
    public synchronized boolean createRun(RunRecord run) {
        String sql = "INSERT OR IGNORE INTO runs (run_id, started_at, finished_at, dry_run, status, doc) VALUES (?, ?, ?, ?, ?, ?)";
        return inTransaction(() -> {
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                insert.setString(1, run.runId());
                insert.setLong(2, run.startedAt().toEpochMilli());
                insert.setLong(3, run.finishedAt().toEpochMilli());
                insert.setInt(4, run.dryRun() ? 1 : 0);
                insert.setString(5, run.status().wireName());
                insert.setString(6, write(run));
                return insert.executeUpdate() == 1;
            }
        });
    }

    @Override
    public synchronized Optional<RunRecord> findRun(String runId) {
        return query("SELECT doc FROM runs WHERE run_id = ?", RunRecord.class, runId).stream().findFirst();
    }

    @Override
    public synchronized List<RunRecord> runsStartedSince(Instant since) {
        return query("SELECT doc FROM runs WHERE started_at >= ? ORDER BY started_at DESC, run_id DESC",
                RunRecord.class, since.toEpochMilli());
    }

    @Override
    public synchronized Optional<RunRecord> lastFinishedRun() {
        return query("SELECT doc FROM runs WHERE dry_run = 0 ORDER BY finished_at DESC, run_id DESC LIMIT 1",
                RunRecord.class).stream().findFirst();
    }

    @Override
    public synchronized List<ItemRecord> items(String runId, @Nullable ItemStatus status, ItemOrder order, int limit) {
        String orderBy = switch (order) {
            case ROW -> "item_id";
            // SQLite, like Firestore, puts NULL before every number in ascending order.
            case CONFIDENCE_ASCENDING -> "confidence ASC, item_id";
            case CONFIDENCE_DESCENDING -> "confidence DESC, item_id";
        };
        if (status == null) {
            return query("SELECT doc FROM items WHERE run_id = ? ORDER BY " + orderBy + " LIMIT ?",
                    ItemRecord.class, runId, limit);
        }
        return query("SELECT doc FROM items WHERE run_id = ? AND status = ? ORDER BY " + orderBy + " LIMIT ?",
                ItemRecord.class, runId, status.wireName(), limit);
    }

    @Override
    public synchronized AlertRecord createAlert(AlertRecord alert) {
        String sql = "INSERT OR IGNORE INTO alerts (alert_id, created_at, severity, run_id, resolved, doc) VALUES (?, ?, ?, ?, ?, ?)";
        inTransaction(() -> {
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                insert.setString(1, alert.alertId());
                insert.setLong(2, alert.createdAt().toEpochMilli());
                insert.setString(3, alert.severity().wireName());
                insert.setString(4, alert.runId());
                insert.setInt(5, alert.resolved() ? 1 : 0);
                insert.setString(6, write(alert));
                return insert.executeUpdate();
            }
        });
        return findAlert(alert.alertId()).orElseThrow();
    }

    @Override
    public synchronized Optional<AlertRecord> findAlert(String alertId) {
        return query("SELECT doc FROM alerts WHERE alert_id = ?", AlertRecord.class, alertId).stream().findFirst();
    }

    @Override
    public synchronized Optional<AlertRecord> claimChannel(String alertId, Channel channel, Instant now,
                                                           Duration lease) {
        return inTransaction(() -> {
            Optional<AlertRecord> stored = findAlert(alertId);
            if (stored.isEmpty() || !AlertClaims.claimable(stored.get().channel(channel), now, lease)) {
                return Optional.empty();
            }
            AlertRecord claimed = stored.get().withChannel(channel, stored.get().channel(channel).sending(now));
            updateAlert(claimed);
            return Optional.of(claimed);
        });
    }

    @Override
    public synchronized void recordChannel(String alertId, Channel channel, ChannelDelivery result) {
        inTransaction(() -> {
            findAlert(alertId).ifPresent(alert -> updateAlert(alert.withChannel(channel, result)));
            return null;
        });
    }

    @Override
    public synchronized List<AlertRecord> alerts(AlertQuery filter) {
        StringBuilder sql = new StringBuilder("SELECT doc FROM alerts WHERE 1 = 1");
        List<Object> parameters = new ArrayList<>();
        if (filter.resolved() != null) {
            sql.append(" AND resolved = ?");
            parameters.add(filter.resolved() ? 1 : 0);
        }
        if (filter.severity() != null) {
            sql.append(" AND severity = ?");
            parameters.add(filter.severity().wireName());
        }
        if (filter.runId() != null) {
            sql.append(" AND run_id = ?");
            parameters.add(filter.runId());
        }
        sql.append(" ORDER BY created_at DESC, alert_id DESC LIMIT ?");
        parameters.add(filter.limit());
        return query(sql.toString(), AlertRecord.class, parameters.toArray());
    }

    @Override
    public synchronized Optional<AlertRecord> resolveAlert(String alertId, Instant at, String by) {
        return inTransaction(() -> {
            Optional<AlertRecord> stored = findAlert(alertId);
            if (stored.isEmpty() || stored.get().resolved()) {
                return stored;
            }
            AlertRecord resolved = stored.get().resolve(at, by);
            updateAlert(resolved);
            return Optional.of(resolved);
        });
    }

    @Override
    public synchronized Instant watchingSince(Instant now) {
        return inTransaction(() -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT OR IGNORE INTO meta (key, value) VALUES ('watching-since', ?)")) {
                insert.setString(1, now.toString());
                insert.executeUpdate();
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT value FROM meta WHERE key = 'watching-since'");
                 ResultSet rows = select.executeQuery()) {
                rows.next();
                return Instant.parse(rows.getString(1));
            }
        });
    }

    @PreDestroy
    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new HistoryUnavailableException("cannot close the history file", e);
        }
    }

    private void updateAlert(AlertRecord alert) {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE alerts SET resolved = ?, doc = ? WHERE alert_id = ?")) {
            update.setInt(1, alert.resolved() ? 1 : 0);
            update.setString(2, write(alert));
            update.setString(3, alert.alertId());
            update.executeUpdate();
        } catch (SQLException e) {
            throw new HistoryUnavailableException("cannot update alert " + alert.alertId(), e);
        }
    }

    private <T> List<T> query(String sql, Class<T> type, Object... parameters) {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            List<T> found = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.add(json.readValue(rows.getString(1), type));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new HistoryUnavailableException("cannot read the history file", e);
        } catch (IOException e) {
            throw new UncheckedIOException("a history record does not parse", e);
        }
    }

    private String write(Object record) {
        try {
            return json.writeValueAsString(record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code work} in one transaction (nested calls join it). */
    private <T> T inTransaction(SqlWork<T> work) {
        try {
            boolean outermost = connection.getAutoCommit();
            if (!outermost) {
                return work.run();
            }
            connection.setAutoCommit(false);
            try {
                T result = work.run();
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new HistoryUnavailableException("cannot write the history file", e);
        }
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run() throws SQLException;
    }
}
