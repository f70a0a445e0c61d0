package com.returnsorter.report;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.returnsorter.events.RunStatus;
import com.returnsorter.events.RunSummary;
import com.returnsorter.events.Topics;
import com.returnsorter.events.PushEnvelope;
import com.returnsorter.report.support.ReportService;
import com.returnsorter.report.support.Runs;
import com.returnsorter.report.support.TestClock;
import com.returnsorter.testing.LogCapture;
import io.micronaut.gcp.logging.StackdriverJsonLayout;
import io.micronaut.http.HttpRequest;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every line a request logs, on whichever thread, carries its trace id when written by the JSON layout
 * Cloud Run uses ({@code LOG_FORMAT=JSON}): a push with Cloud Run's {@code traceparent} header, its log
 * events formatted by micronaut-gcp's {@code StackdriverJsonLayout}.
 */
class TraceLoggingTest {

    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final Instant NIGHT = Instant.parse("2026-11-22T02:00:00Z");

    @TempDir
    Path folder;

    ReportService service;
    Path bucket;
    LogCapture log;
    StackdriverJsonLayout layout = new StackdriverJsonLayout();

    @BeforeEach
    void start() throws Exception {
        bucket = Files.createDirectories(folder.resolve("bucket"));
        service = ReportService.start(bucket, new TestClock(NIGHT.plusSeconds(600)), Map.of());
        log = LogCapture.of("com.returnsorter");
        layout.setProjectId("return-sorter-test");
        layout.setContext(new ch.qos.logback.classic.LoggerContext());
        layout.start();
    }

    @AfterEach
    void stop() {
        log.close();
        service.close();
    }

    private List<String> jsonLines() {
        return log.events().stream().map(layout::doLayout).map(String::strip).toList();
    }

    private void push(RunSummary summary, String header, String value) throws Exception {
        PushEnvelope envelope = PushEnvelope.of(ReportService.PROJECT, Topics.BATCH_COMPLETED,
                service.context().getBean(JsonMapper.class).writeValueAsBytes(summary), Map.of(Topics.ATTRIBUTE_SCHEMA,
                        "1"), "m-" + summary.runId(), NIGHT);
        var answer = service.exchange(HttpRequest.POST("/push", envelope).header(header, value)
                .bearerAuth(ReportService.pushToken()));
        assertThat(answer.getStatus().getCode()).isEqualTo(200);
    }

    @Test
    void everyLineOfAPushCarriesTheTraceOfItsTraceparent() throws Exception {
        RunSummary summary = Runs.summary(NIGHT, "m-1", 20, 2, 0, 0, 30, RunStatus.SUCCESS);
        Runs.writeReports(bucket, summary);

        push(summary, "traceparent", "00-" + TRACE + "-00f067aa0ba902b7-01");

        List<String> lines = jsonLines();
        assertThat(lines).as("recorded, alerted, acknowledged").hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(line -> assertThat(line)
                        .contains("\"logging.googleapis.com/trace\":\"projects/return-sorter-test/traces/" + TRACE + "\"")
                        .contains("\"logging.googleapis.com/spanId\":\"00f067aa0ba902b7\"")
                        .contains("\"severity\":"));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("Recorded run " + summary.runId()));
    }

    @Test
    void theCloudTraceHeaderWorksTooAndAGarbledHeaderAddsNothing() throws Exception {
        RunSummary first = Runs.summary(NIGHT, "m-2", 5, 0, 0, 0, 30, RunStatus.SUCCESS);
        Runs.writeReports(bucket, first);
        push(first, "X-Cloud-Trace-Context", TRACE.toUpperCase() + "/12345;o=1");
        assertThat(jsonLines()).isNotEmpty().allSatisfy(line -> assertThat(line)
                .contains("projects/return-sorter-test/traces/" + TRACE));

        int before = log.events().size();
        RunSummary second = Runs.summary(NIGHT, "m-3", 5, 0, 0, 0, 30, RunStatus.SUCCESS);
        Runs.writeReports(bucket, second);
        push(second, "traceparent", "00-\"},\"severity\":\"CRITICAL-x-01");
        List<ILoggingEvent> later = log.events().subList(before, log.events().size());
        assertThat(later).isNotEmpty().allSatisfy(event -> assertThat(event.getMDCPropertyMap()).isEmpty());
    }
}
