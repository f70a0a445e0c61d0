package com.returnsorter.batch;

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

/** A setting the batch cannot use stops it at start (as {@code Application.main} starts it), in one line. */
class FailFastTest {

    @TempDir
    Path folder;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "storage.kind            | s3    | storage.kind must be 'gcs' or 'local', not 's3'",
            "messaging.kind          | kafka | MessagingConfiguration: kind - must be local or pubsub",
            "batch.review-threshold  | 1.7   | BatchConfiguration: reviewThreshold - must be less than or equal to 1.0",
            "batch.concurrency       | 0     | BatchConfiguration: concurrency - must be greater than or equal to 1",
            "batch.time-budget       | 8 minutes | BatchConfiguration: Failed to inject value for parameter [timeBudget]",
            "batch.concurrency       | eight | Invalid configuration: batch.concurrency: cannot use 'eight' (not a number)",
            "batch.review-threshold  | high  | Invalid configuration: batch.review-threshold: cannot use 'high' (not a number)",
            "predict-client.identity-token | yes please | Invalid configuration: predict-client.identity-token: cannot use 'yes please' (not true or false)",
            "batch.report-time-zone  | Mars/Olympus | Invalid configuration: batch.report-time-zone: cannot use 'Mars/Olympus' (Unknown time-zone ID: Mars/Olympus)"})
    void anUnusableSettingStopsTheServiceWithOneLineNamingIt(String setting, String value, String expected) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("storage.local-root", folder.resolve("bucket").toString());
        properties.put(setting, value);

        assertThatThrownBy(() -> ServiceStarter.failFast(ApplicationContext.builder().properties(properties)
                .deduceEnvironment(false)).start().close())
                .satisfies(failure -> assertThat(ServiceStarter.reason(failure)).contains(expected).doesNotContain("\n"));
    }
}
