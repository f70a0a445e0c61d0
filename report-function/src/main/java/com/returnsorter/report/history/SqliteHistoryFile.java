package com.returnsorter.report.history;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The local history file that the history store and the decisions store share: how it is opened, and
 * the one definition of the run items table that both read (whichever store starts first creates it).
 */
public final class SqliteHistoryFile {

    private SqliteHistoryFile() {
    }

    /** A connection to {@code file} (its folder created), in WAL mode, waiting up to 10 s for a lock. */
    public static Connection open(Path file) throws IOException, SQLException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode=WAL");
            statement.execute("PRAGMA busy_timeout=10000");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /** Creates the run items table, unless it is there. */
    public static void createItemsTable(Statement statement) throws SQLException {
        statement.execute("""
                CREATE TABLE IF NOT EXISTS items (
                    run_id TEXT NOT NULL, item_id TEXT NOT NULL, status TEXT NOT NULL, confidence REAL,
                    doc TEXT NOT NULL, PRIMARY KEY (run_id, item_id))""");
    }
}
