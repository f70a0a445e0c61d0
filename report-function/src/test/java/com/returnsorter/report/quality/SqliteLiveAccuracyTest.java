package com.returnsorter.report.quality;

import com.returnsorter.report.decisions.DecisionStore;
import com.returnsorter.report.decisions.SqliteDecisionStore;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Live accuracy over the decisions of the local SQLite history file. */
class SqliteLiveAccuracyTest extends LiveAccuracyContract {

    @TempDir
    Path folder;

    @Override
    DecisionStore open() {
        return new SqliteDecisionStore(folder.resolve("history.db"), JsonMapper.createDefault());
    }

    @AfterEach
    void close() {
        ((SqliteDecisionStore) decisions).close();
    }
}
