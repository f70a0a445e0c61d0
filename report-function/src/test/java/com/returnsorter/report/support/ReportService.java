package com.returnsorter.report.support;

import com.returnsorter.events.PushEnvelope;
import com.returnsorter.events.Topics;
import com.returnsorter.report.history.HistoryStore;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The report service as deployed (Netty, {@code /push}, the read API, the dashboard), started in the
 * test JVM with the test's clock, a local bucket folder and whatever history and channels the test
 * configures.
 */
public final class ReportService implements AutoCloseable {

    public static final String PROJECT = "return-sorter-test";

    private final ApplicationContext context;
    private final EmbeddedServer server;
    private final HttpClient client;

    private ReportService(ApplicationContext context) {
        this.context = context;
        this.server = context.getBean(EmbeddedServer.class).start();
        this.client = HttpClient.create(server.getURL());
    }

    /**
     * Starts the service.
     *
     * @param bucket     the local bucket the run reports are read from
     * @param clock      the service's clock
     * @param properties overrides of the test defaults (SQLite in {@code bucket/../history.db}, local notifications)
     */
    public static ReportService start(Path bucket, Clock clock, Map<String, Object> properties) {
        return start(bucket, clock, properties, new Object[0]);
    }

    /** Starts the service with beans of the test's own (e.g. a Cloud Storage client for an unreachable host). */
    public static ReportService start(Path bucket, Clock clock, Map<String, Object> properties, Object... beans) {
        Map<String, Object> all = new HashMap<>();
        all.put("micronaut.server.port", -1);
        all.put("gcp.project-id", PROJECT);
        all.put("storage.kind", "local");
        all.put("storage.local-root", bucket.toString());
        all.put("history.kind", "sqlite");
        all.put("history.sqlite-file", bucket.resolveSibling("history.db").toString());
        all.put("notifications.local-dir", bucket.resolveSibling("notifications").toString());
        all.put("alerts.channel-lease", "30s");
        all.putAll(properties);
        return new ReportService(ApplicationContext.builder().properties(all).deduceEnvironment(false)
                .singletons(clock).singletons(beans).start());
    }

    public ApplicationContext context() {
        return context;
    }

    public HistoryStore history() {
        return context.getBean(HistoryStore.class);
    }

    public String url() {
        return server.getURL().toString();
    }

    /** Pushes a message as Pub/Sub would, with a new message id; returns the status (200 ack, else nack). */
    public int push(String subscription, Object payload) {
        return push(subscription, payload, UUID.randomUUID().toString());
    }

    public int push(String subscription, Object payload, String messageId) {
        return pushForResponse(subscription, payload, messageId).getStatus().getCode();
    }

    public HttpResponse<String> pushForResponse(String subscription, Object payload, String messageId) {
        byte[] data = payload instanceof byte[] bytes ? bytes : json(payload);
        PushEnvelope envelope = PushEnvelope.of(PROJECT, subscription, data, Map.of(Topics.ATTRIBUTE_SCHEMA, "1"),
                messageId, context.getBean(Clock.class).instant());
        return exchange(HttpRequest.POST("/push", envelope));
    }

    @SuppressWarnings("unchecked")
    public HttpResponse<String> exchange(HttpRequest<?> request) {
        try {
            return client.toBlocking().exchange(request, String.class);
        } catch (HttpClientResponseException e) {
            return (HttpResponse<String>) e.getResponse();
        }
    }

    public HttpResponse<String> get(String path) {
        return exchange(HttpRequest.GET(path));
    }

    public <T> T read(String json, Class<T> type) {
        try {
            return context.getBean(JsonMapper.class).readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] json(Object value) {
        try {
            return context.getBean(JsonMapper.class).writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        client.close();
        context.close();
    }
}
