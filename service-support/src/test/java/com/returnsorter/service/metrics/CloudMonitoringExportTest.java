package com.returnsorter.service.metrics;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.monitoring.v3.MetricServiceSettings;
import com.google.monitoring.v3.CreateMetricDescriptorRequest;
import com.google.monitoring.v3.CreateTimeSeriesRequest;
import com.google.monitoring.v3.ListMetricDescriptorsRequest;
import com.google.monitoring.v3.ListMetricDescriptorsResponse;
import com.google.monitoring.v3.MetricServiceGrpc;
import com.google.monitoring.v3.TimeSeries;
import com.google.protobuf.Empty;
import com.returnsorter.service.startup.ServiceStarter;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.stackdriver.StackdriverMeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The meters go to Cloud Monitoring only in the gcp environment. The Monitoring API is played in-process
 * (the real gRPC service definition, no network), so the test sees the very requests Google would get.
 */
class CloudMonitoringExportTest {

    static final String SPEC = "CloudMonitoringExportTest";
    /** The in-process server the context's client talks to (one per test). */
    static volatile String serverName;

    /** The object store made at start (storage.kind local) keeps its files here, not in the module. */
    @TempDir
    static Path bucket;

    private final List<CreateTimeSeriesRequest> written = new CopyOnWriteArrayList<>();
    private final List<CreateMetricDescriptorRequest> described = new CopyOnWriteArrayList<>();
    private Server monitoring;

    @BeforeEach
    void startMonitoringApi() throws Exception {
        serverName = "monitoring-" + UUID.randomUUID();
        monitoring = InProcessServerBuilder.forName(serverName).directExecutor()
                .addService(new MetricServiceGrpc.MetricServiceImplBase() {
                    @Override
                    public void createTimeSeries(CreateTimeSeriesRequest request, StreamObserver<Empty> answer) {
                        written.add(request);
                        answer.onNext(Empty.getDefaultInstance());
                        answer.onCompleted();
                    }

                    @Override
                    public void createMetricDescriptor(CreateMetricDescriptorRequest request,
                                                       StreamObserver<com.google.api.MetricDescriptor> answer) {
                        described.add(request);
                        answer.onNext(request.getMetricDescriptor());
                        answer.onCompleted();
                    }

                    @Override
                    public void listMetricDescriptors(ListMetricDescriptorsRequest request,
                                                      StreamObserver<ListMetricDescriptorsResponse> answer) {
                        answer.onNext(ListMetricDescriptorsResponse.getDefaultInstance());
                        answer.onCompleted();
                    }
                }).build().start();
    }

    @AfterEach
    void stopMonitoringApi() throws InterruptedException {
        monitoring.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void outsideTheGcpEnvironmentNothingIsSent() {
        for (String environment : List.of(Environment.TEST, "local")) {
            try (ApplicationContext context = context(environment, Map.of())) {
                assertThat(context.getBeansOfType(StackdriverMeterRegistry.class)).as(environment).isEmpty();
                context.getBean(MeterRegistry.class).counter("returnsorter.photos", "destination", "processed").increment();
            }
        }
        assertThat(written).isEmpty();
        assertThat(described).isEmpty();
    }

    @Test
    void inTheGcpEnvironmentTheRegistryWritesToTheProjectAsOneTaskPerInstance() {
        Map<String, Object> settings = Map.of("micronaut.metrics.export.stackdriver.project-id", "demo-proj",
                "micronaut.metrics.export.stackdriver.step", "30s",
                "micronaut.metrics.export.stackdriver.location", "europe-west1",
                "micronaut.metrics.export.stackdriver.task-id", "instance-7");
        try (ApplicationContext context = context(Environment.GOOGLE_COMPUTE, settings)) {
            StackdriverMeterRegistry registry = context.getBean(StackdriverMeterRegistry.class);
            assertThat(registry.config()).isNotNull();
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            meters.counter("returnsorter.photos", "destination", "processed", "category", "Sneaker").increment(3);
            Timer.builder("returnsorter.predict.latency").tag("endpoint", "/predict").publishPercentiles(0.5, 0.95, 0.99)
                    .register(meters).record(Duration.ofMillis(40));
            assertThat(written).as("nothing is sent before the step ends").isEmpty();
        }
        // Closing the context publishes the last (partial) step, as an instance does when Cloud Run stops it.
        assertThat(written).isNotEmpty();
        assertThat(written).allSatisfy(request -> assertThat(request.getName()).isEqualTo("projects/demo-proj"));
        List<TimeSeries> series = written.stream().flatMap(r -> r.getTimeSeriesList().stream()).toList();
        assertThat(series).allSatisfy(s -> {
            assertThat(s.getResource().getType()).isEqualTo("generic_task");
            assertThat(s.getResource().getLabelsMap()).containsExactlyInAnyOrderEntriesOf(Map.of("project_id", "demo-proj",
                    "location", "europe-west1", "namespace", "return-sorter", "job", "test-service", "task_id", "instance-7"));
        });
        TimeSeries photos = series.stream().filter(s -> s.getMetric().getType().equals("custom.googleapis.com/returnsorter/photos"))
                .findFirst().orElseThrow();
        assertThat(photos.getMetric().getLabelsMap()).containsExactlyInAnyOrderEntriesOf(Map.of("destination", "processed",
                "category", "Sneaker"));
        assertThat(photos.getPoints(0).getValue().getDoubleValue()).isEqualTo(3.0);
        assertThat(series).extracting(s -> s.getMetric().getType()).contains(
                "custom.googleapis.com/returnsorter/predict/latency",
                "custom.googleapis.com/returnsorter/predict/latency/count",
                "custom.googleapis.com/returnsorter/predict/latency/p50",
                "custom.googleapis.com/returnsorter/predict/latency/p95",
                "custom.googleapis.com/returnsorter/predict/latency/p99");
        assertThat(described).extracting(d -> d.getMetricDescriptor().getType())
                .contains("custom.googleapis.com/returnsorter/photos");
    }

    @Test
    void aStepShorterThanCloudMonitoringTakesStopsTheStart() {
        Map<String, Object> settings = Map.of("micronaut.metrics.export.stackdriver.project-id", "demo-proj",
                "micronaut.metrics.export.stackdriver.step", "1s",
                "micronaut.metrics.export.stackdriver.location", "europe-west1",
                "micronaut.metrics.export.stackdriver.task-id", "instance-7");
        assertThatThrownBy(() -> context(Environment.GOOGLE_COMPUTE, settings).close())
                .satisfies(failure -> assertThat(ServiceStarter.reason(failure))
                        .contains("micronaut.metrics.export.stackdriver.step: must be at least 10s"));
        assertThat(written).isEmpty();
    }

    @Test
    void turnedOffInTheGcpEnvironmentNothingIsMade() {
        try (ApplicationContext context = context(Environment.GOOGLE_COMPUTE,
                Map.of("micronaut.metrics.export.stackdriver.enabled", "false"))) {
            assertThat(context.getBeansOfType(StackdriverMeterRegistry.class)).isEmpty();
        }
        assertThat(written).isEmpty();
    }

    private static ApplicationContext context(String environment, Map<String, Object> settings) {
        Map<String, Object> properties = new HashMap<>(settings);
        properties.put("spec.name", SPEC);
        properties.put("micronaut.application.name", "test-service");
        properties.put("micronaut.server.port", -1);
        properties.put("storage.local-root", bucket.toString());
        // The library alone has no JSON mapper for the management endpoints; the services have theirs.
        properties.put("endpoints.all.enabled", false);
        return ServiceStarter.failFast(ApplicationContext.builder().environments(environment).deduceEnvironment(false)
                .properties(properties)).start();
    }

    /** The Monitoring client's settings: the in-process API, no credentials. */
    @Factory
    @Requires(property = "spec.name", value = SPEC)
    static class InProcessMonitoring {

        @Singleton
        MetricServiceSettings settings() throws Exception {
            return MetricServiceSettings.newBuilder()
                    .setCredentialsProvider(NoCredentialsProvider.create())
                    .setTransportChannelProvider(FixedTransportChannelProvider.create(GrpcTransportChannel.create(
                            InProcessChannelBuilder.forName(serverName).directExecutor().build())))
                    .build();
        }
    }
}
