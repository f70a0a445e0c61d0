package com.returnsorter.report;

import com.returnsorter.service.startup.ServiceStarter;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A setting the report service cannot use stops it at start (as {@code Application.main} starts it),
 * with one line that names the setting.
 */
class FailFastTest {

    @TempDir
    Path folder;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "storage.kind        | s3    | storage.kind must be 'gcs' or 'local', not 's3'",
            "storage.kind        | gcs   | storage.bucket must name a bucket",
            "history.kind        | mongo | HistoryConfiguration: kind - must be firestore or sqlite",
            "alerts.error-rate   | 1.5   | AlertConfiguration: errorRate - must be less than or equal to 1.0",
            "alerts.low-confidence-items | -3 | AlertConfiguration: lowConfidenceItems - must be greater than or equal to 0",
            "alerts.slow-run     | soon  | AlertConfiguration: Failed to inject value for parameter [slowRun]",
            "alerts.review-backlog-days | 0 | AlertConfiguration: reviewBacklogDays - must be greater than or equal to 1",
            "alerts.error-rate   | lots  | Invalid configuration: alerts.error-rate: cannot use 'lots' (not a number)",
            "alerts.low-confidence-items | fifty | Invalid configuration: alerts.low-confidence-items: cannot use 'fifty' (not a number)",
            "email.smtp-port     | smtp  | Invalid configuration: email.smtp-port: cannot use 'smtp' (not a number)",
            "report.time-zone    | Mars/Olympus | Invalid configuration: report.time-zone: cannot use 'Mars/Olympus' (Unknown time-zone ID: Mars/Olympus)",
            "warehouse.locations | Coat=Section A;Dress | WAREHOUSE_LOCATIONS: entry 2 ('Dress') has no '='",
            "warehouse.locations | Coat=A;Coat=B | WAREHOUSE_LOCATIONS: category 'Coat' is named twice"})
    void anUnusableSettingStopsTheServiceWithOneLineNamingIt(String setting, String value, String expected) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("storage.local-root", folder.resolve("bucket").toString());
        properties.put("history.sqlite-file", folder.resolve("history.db").toString());
        properties.put(setting, value);

        assertThatThrownBy(() -> ServiceStarter.failFast(ApplicationContext.builder().properties(properties)
                .deduceEnvironment(false)).start().close())
                .satisfies(failure -> assertThat(ServiceStarter.reason(failure)).contains(expected).doesNotContain("\n"));
    }
}
