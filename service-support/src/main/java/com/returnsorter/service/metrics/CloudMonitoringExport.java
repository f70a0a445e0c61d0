package com.returnsorter.service.metrics;

import com.google.cloud.MetadataConfig;
import com.google.cloud.ServiceOptions;
import com.google.cloud.monitoring.v3.MetricServiceSettings;
import com.returnsorter.service.startup.InvalidConfigurationException;
import io.micrometer.core.instrument.Clock;
import io.micrometer.stackdriver.StackdriverConfig;
import io.micrometer.stackdriver.StackdriverMeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import io.micronaut.core.util.StringUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Sends the meters to Cloud Monitoring, in the {@code gcp} environment only (terraform sets
 * {@code MICRONAUT_ENVIRONMENTS=gcp}; locally and in tests nothing is sent). The registry joins Micronaut's
 * composite registry beside the Prometheus one, so every meter goes to both and {@code /prometheus} stays.
 *
 * <p>Each instance writes its own time series: the monitored resource is {@code generic_task} with
 * {@code location} (region), {@code namespace} ({@value #NAMESPACE}), {@code job} (the service) and
 * {@code task_id} (the instance). Two instances writing one series would overwrite each other's points.
 * Made at start ({@code @Context}), so a project that cannot be found stops the service with one line.
 */
@Factory
@Requires(env = Environment.GOOGLE_COMPUTE)
@Requires(property = "micronaut.metrics.enabled", notEquals = StringUtils.FALSE)
@Requires(property = CloudMonitoringConfiguration.PREFIX + ".enabled", notEquals = StringUtils.FALSE)
public class CloudMonitoringExport {

    /** The {@code namespace} label of every series: the application, whichever service wrote it. */
    public static final String NAMESPACE = "return-sorter";
    public static final String RESOURCE_TYPE = "generic_task";

    private static final Logger LOG = LoggerFactory.getLogger(CloudMonitoringExport.class);

    /**
     * @param settings the Cloud Monitoring client's settings; a bean of this type replaces Google's endpoint and
     *                 the instance's credentials (the tests play the API in-process)
     */
    @Context
    @Bean(preDestroy = "close")
    StackdriverMeterRegistry cloudMonitoringRegistry(CloudMonitoringConfiguration configuration,
                                                     @Value("${micronaut.application.name}") String service,
                                                     Optional<MetricServiceSettings> settings) {
        Duration step = configuration.stepOrDefault();
        if (step.compareTo(CloudMonitoringConfiguration.MIN_STEP) < 0) {
            throw new InvalidConfigurationException(CloudMonitoringConfiguration.PREFIX + ".step",
                    "must be at least " + CloudMonitoringConfiguration.MIN_STEP.toSeconds() + "s, not " + step);
        }
        String project = resolve(configuration.projectId(), CloudMonitoringExport::project, "project-id",
                "set GOOGLE_CLOUD_PROJECT");
        String location = resolve(configuration.location(), CloudMonitoringExport::region, "location",
                "the metadata server did not name the instance's region");
        String task = resolve(configuration.taskId(), MetadataConfig::getInstanceId, "task-id",
                "the metadata server did not name the instance");
        Map<String, String> labels = Map.of("location", location, "namespace", NAMESPACE, "job", service,
                "task_id", task);
        StackdriverConfig config = new StackdriverConfig() {
            @Override
            public String get(String key) {
                return null;
            }

            @Override
            public String projectId() {
                return project;
            }

            @Override
            public Duration step() {
                return step;
            }

            @Override
            public String resourceType() {
                return RESOURCE_TYPE;
            }

            @Override
            public Map<String, String> resourceLabels() {
                return labels;
            }
        };
        StackdriverMeterRegistry.Builder builder = StackdriverMeterRegistry.builder(config).clock(Clock.SYSTEM);
        settings.ifPresent(given -> builder.metricServiceSettings(() -> given));
        LOG.info("Metrics go to Cloud Monitoring in project {} every {} as {} {}", project, step, RESOURCE_TYPE, labels);
        return builder.build();
    }

    private static String resolve(String configured, Supplier<String> found, String key, String hint) {
        if (configured != null && !configured.isBlank()) {
            return configured.strip();
        }
        String value = found.get();
        if (value == null || value.isBlank()) {
            throw new InvalidConfigurationException(CloudMonitoringConfiguration.PREFIX + "." + key,
                    "not set and not found (" + hint + ")");
        }
        return value.strip();
    }

    /** Google's usual search ({@code GOOGLE_CLOUD_PROJECT}, credentials, gcloud), then the metadata server. */
    private static String project() {
        String project = ServiceOptions.getDefaultProjectId();
        return project != null && !project.isBlank() ? project : MetadataConfig.getProjectId();
    }

    /** {@code projects/123/regions/europe-west1} from Cloud Run's metadata server, as {@code europe-west1}. */
    private static String region() {
        String region = MetadataConfig.getAttribute("instance/region");
        return region == null ? null : region.substring(region.lastIndexOf('/') + 1);
    }
}
