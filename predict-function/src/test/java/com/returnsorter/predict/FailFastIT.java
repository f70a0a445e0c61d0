package com.returnsorter.predict;

import com.returnsorter.testing.ServiceProcess;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A bad setting or a model that does not load stops the packaged service at start, with exit
 * status 1 and one ERROR line that names the problem, instead of a process that starts and then
 * fails its requests.
 */
class FailFastIT {

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "STORAGE_KIND,            foo,                           storage.kind must be 'gcs' or 'local'",
            "STORAGE_KIND,            gcs,                           storage.bucket must name a bucket",
            "IN_FLIGHT_BODY_BUDGET_MB, -1,                           inFlightBodyBudgetMb",
            "INFERENCE_THREADS,       -2,                            INFERENCE_THREADS",
            "MAX_IMAGE_PIXELS,        0,                             MAX_IMAGE_PIXELS",
            "RATE_LIMIT_ENABLED,      maybe,                         predict.rate-limit.enabled: cannot use 'maybe' (not true or false)",
            "INFERENCE_MAX_BATCH,     sixteen,                       inference.max-batch-size: cannot use 'sixteen' (not a number)",
            "MODEL_URI,               file:/nonexistent/model.onnx,  the model did not load",
    })
    void aBadSettingStopsTheProcessWithOneClearLine(String variable, String value, String expected, @TempDir Path bucket)
            throws Exception {
        ServiceProcess predict = HostileUploadsIT.launcher("predict-bad-" + variable.toLowerCase(), bucket)
                .env(variable, value)
                .launch();
        try {
            assertThatThrownBy(predict::awaitReady).hasMessageContaining("exited with status 1");
            List<String> errors = Files.readAllLines(predict.log()).stream().filter(line -> line.contains("ERROR")).toList();
            List<String> reasons = errors.stream().filter(line -> line.contains("cannot start: ")).toList();
            assertThat(reasons).as(predict.tail()).hasSize(1);
            assertThat(reasons.get(0)).contains(expected);
            assertThat(Files.readAllLines(predict.log())).as("no stack trace").noneMatch(line -> line.startsWith("\tat "));
        } finally {
            predict.close();
        }
    }
}
