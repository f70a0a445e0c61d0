package com.returnsorter.batch.messaging;

import com.returnsorter.events.BatchShard;
import com.returnsorter.events.BatchTrigger;
import com.returnsorter.events.PushEnvelope;
import com.returnsorter.events.RunSummary;
import com.returnsorter.events.Topics;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;

/**
 * Local mode's Pub/Sub: a "publish" is an HTTP POST of the push envelope Pub/Sub would send
 * (DESIGN.md, local mode). Triggers go to this service's own {@code /push} without waiting for the
 * answer, as a real publish would; {@code batch-completed} goes to the report function's
 * {@code /push} when {@code messaging.completed-push-url} is set, else to the log.
 */
@Singleton
@Requires(property = "messaging.kind", value = "local", defaultValue = "local")
public class LocalBatchPublisher implements BatchPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(LocalBatchPublisher.class);

    private final HttpClient http;
    private final JsonMapper json;
    private final MessagingConfiguration configuration;
    private final Provider<EmbeddedServer> server;
    private final String projectId;

    public LocalBatchPublisher(@Client HttpClient http, JsonMapper json, MessagingConfiguration configuration,
                               Provider<EmbeddedServer> server, @Value("${gcp.project-id}") String projectId) {
        this.http = http;
        this.json = json;
        this.configuration = configuration;
        this.server = server;
        this.projectId = projectId;
    }

    @Override
    public void publishTrigger(BatchTrigger trigger) {
        pushToSelf(Topics.BATCH_TRIGGER, bytes(trigger), String.valueOf(trigger.runId()),
                trigger.reason().wireName() + " trigger");
    }

    @Override
    public void publishShard(BatchShard shard) {
        pushToSelf(Topics.BATCH_SHARD, bytes(shard), shard.runId(), "shard " + shard.shard());
    }

    /** POSTs the envelope to this service's own {@code /push} without waiting for the answer, as a publish would. */
    private void pushToSelf(String subscription, byte[] data, String runId, String what) {
        URI self = configuration.selfUrl() != null ? configuration.selfUrl() : server.get().getURI();
        PushEnvelope envelope = PushEnvelope.of(projectId, subscription, data, Map.of(Topics.ATTRIBUTE_RUN_ID, runId));
        URI push = self.resolve("/push");
        Mono.from(http.exchange(HttpRequest.POST(push, envelope)))
                .subscribe(response -> LOG.debug("local push of {} answered {}", what, response.getStatus().getCode()),
                        error -> LOG.warn("local push of {} for run {} to {} failed: {}", what, runId, push,
                                error.getMessage()));
    }

    @Override
    public void publishCompleted(RunSummary summary) {
        if (configuration.completedPushUrl() == null) {
            LOG.info("batch-completed {}", new String(bytes(summary), java.nio.charset.StandardCharsets.UTF_8));
            return;
        }
        PushEnvelope envelope = PushEnvelope.of(projectId, Topics.BATCH_COMPLETED, bytes(summary),
                Map.of(Topics.ATTRIBUTE_RUN_ID, summary.runId(),
                        Topics.ATTRIBUTE_SCHEMA, String.valueOf(summary.schemaVersion())));
        // Like a Pub/Sub publish, this only has to reach the receiver; its processing result is its own affair.
        http.toBlocking().exchange(HttpRequest.POST(configuration.completedPushUrl(), envelope));
        LOG.info("pushed batch-completed for run {} to {}", summary.runId(), configuration.completedPushUrl());
    }

    private byte[] bytes(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
