package com.returnsorter.systemtests;

import com.returnsorter.testing.ServiceProcess;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service given a setting it cannot run with stops at start — exit status 1, one line that names
 * the setting — instead of starting "healthy" and failing requests: the shipped jars, started as
 * Cloud Run starts them.
 */
class BadConfigurationTest {

    private static final Path ROOT = Path.of(System.getProperty("returnsorter.root"));
    private static final String VERSION = System.getProperty("project.version");

    @ParameterizedTest(name = "{0} with {1}={2}")
    @CsvSource(delimiter = '|', value = {
            "predict-function       | PREDICT_API_KEYS     | app:fifteen-chars15         | PREDICT_API_KEYS: the key named 'app' has 15 characters",
            "batch-trigger-function | BATCH_API_KEYS       | just-a-key-0123456789     | BATCH_API_KEYS: entry 1 is not name:key or name:key:internal",
            "report-function        | REPORT_API_KEYS      | ops:key-0123456789ab,ops:key-0123456789cd | REPORT_API_KEYS: the name 'ops' is used twice",
            "batch-trigger-function | PUSH_SERVICE_ACCOUNT | ''                        | PUSH_SERVICE_ACCOUNT: is empty",
            "report-function        | PUSH_SERVICE_ACCOUNT | ''                        | PUSH_SERVICE_ACCOUNT: is empty",
            "report-function        | PUSH_AUDIENCE        | ''                        | PUSH_AUDIENCE: is empty",
    })
    void stopsAtStartWithOneLineNamingTheSetting(String module, String variable, String value, String expected,
                                                 @TempDir Path work) throws IOException {
        ServiceProcess.Builder builder = ServiceProcess.ofModule(ROOT, module, VERSION)
                .cleanEnvironment()
                .env("STORAGE_KIND", "local")
                .env("LOCAL_STORAGE_ROOT", work.resolve("bucket").toString())
                .env("HISTORY_SQLITE_FILE", work.resolve("history.db").toString())
                .env("NOTIFICATIONS_DIR", work.resolve("notifications").toString())
                // A valid push configuration, so only the setting under test is wrong.
                .env("PUSH_SERVICE_ACCOUNT", "pubsub-push@return-sorter-test.iam.gserviceaccount.com")
                .env("PUSH_AUDIENCE", "https://" + module + ".test/push")
                .env(variable, value)
                .log(work.resolve(module + ".log"));
        try (ServiceProcess service = builder.launch()) {
            OptionalInt exit = service.awaitExit(Duration.ofSeconds(60));
            List<String> output = Files.readAllLines(service.log(), StandardCharsets.UTF_8);
            assertThat(exit).as("exit status; output:\n" + String.join("\n", output)).hasValue(1);
            List<String> reasons = output.stream().filter(line -> line.contains("cannot start: ")).toList();
            assertThat(reasons).as("the 'cannot start' lines of:\n" + String.join("\n", output)).hasSize(1);
            assertThat(reasons.get(0)).contains("cannot start: Invalid configuration: " + expected);
            assertThat(output).as("no stack trace").noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception"));
        }
    }
}
