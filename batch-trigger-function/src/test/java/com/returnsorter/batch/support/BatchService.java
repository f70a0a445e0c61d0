package com.returnsorter.batch.support;

import com.returnsorter.batch.api.RunView;
import com.returnsorter.events.BatchTrigger;
import com.returnsorter.events.PushEnvelope;
import com.returnsorter.events.Topics;
import com.returnsorter.service.access.PushAccess;
import com.returnsorter.storage.ObjectStore;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The batch service as deployed (Netty, {@code /push}, {@code /runs}), started in the test JVM on the
 * shared test bucket and pointed at the real predict function (or a proxy in front of it).
 */
public final class BatchService implements AutoCloseable {

    public static final String PROJECT = "return-sorter-test";

    private final ApplicationContext context;
    private final EmbeddedServer server;
    private final HttpClient client;

    private BatchService(ApplicationContext context) {
        this.context = context;
        this.server = context.getBean(EmbeddedServer.class).start();
        DefaultHttpClientConfiguration configuration = new DefaultHttpClientConfiguration();
        configuration.setReadTimeout(Duration.ofMinutes(5));
        this.client = HttpClient.create(server.getURL(), configuration);
    }

    /** Starts the service with the test defaults overridden by {@code properties}. */
    public static BatchService start(Map<String, Object> properties) {
        PredictProcess predict = PredictProcess.get();
        return start(properties, predict.bucket(), predict.url());
    }

    /** Starts the service on the bucket directory {@code bucket} with the predict function at {@code predictUrl}. */
    public static BatchService start(Map<String, Object> properties, java.nio.file.Path bucket, URI predictUrl) {
        Map<String, Object> all = new HashMap<>();
        all.put("micronaut.server.port", -1);
        all.put("gcp.project-id", PROJECT);
        all.put("storage.kind", "local");
        all.put("storage.local-root", bucket.toString());
        all.put("micronaut.http.services.predict.url", predictUrl.toString());
        all.put("predict-client.api-key", PredictProcess.INTERNAL_KEY);
        all.put("predict-client.initial-backoff", "50ms");
        all.put("predict-client.max-backoff", "1s");
        all.put("batch.predict-ready-timeout", "10s");
        all.put("messaging.kind", "local");
        all.putAll(properties);
        // Local messaging pushes to the service's own /push without a token, as ./run-local does: the "local"
        // environment accepts that unless the test configures a push account (push.auth.service-account).
        return new BatchService(ApplicationContext.builder().properties(all).deduceEnvironment(false)
                .environments(PushAccess.LOCAL_ENVIRONMENT).start());
    }

    public ApplicationContext context() {
        return context;
    }

    public ObjectStore store() {
        return context.getBean(ObjectStore.class);
    }

    public HttpClient client() {
        return client;
    }

    /** POSTs a push envelope as Pub/Sub would; returns the HTTP status (200 ack, 4xx/5xx nack). */
    public int push(BatchTrigger trigger, String messageId, Instant publishTime) {
        PushEnvelope envelope = PushEnvelope.of(PROJECT, Topics.BATCH_TRIGGER, json(trigger), Map.of(), messageId,
                publishTime);
        return post("/push", envelope);
    }

    /** The same push, answered in full (status and JSON body). */
    public HttpResponse<String> pushForResponse(BatchTrigger trigger, String messageId, Instant publishTime) {
        return exchange(HttpRequest.POST("/push", PushEnvelope.of(PROJECT, Topics.BATCH_TRIGGER, json(trigger), Map.of(),
                messageId, publishTime)));
    }

    /** The same push with {@code token} as its bearer token, or no Authorization header when null. */
    public HttpResponse<String> pushWithToken(String token, BatchTrigger trigger, String messageId, Instant publishTime) {
        var request = HttpRequest.POST("/push", PushEnvelope.of(PROJECT, Topics.BATCH_TRIGGER, json(trigger), Map.of(),
                messageId, publishTime));
        return exchange(token == null ? request : request.bearerAuth(token));
    }

    public URI url() {
        return server.getURI();
    }

    public int post(String path, Object body) {
        try {
            return client.toBlocking().exchange(HttpRequest.POST(path, body)).getStatus().getCode();
        } catch (HttpClientResponseException e) {
            return e.getStatus().getCode();
        }
    }

    public RunView run(String runId) {
        return client.toBlocking().retrieve(HttpRequest.GET("/runs/" + runId), RunView.class);
    }

    public HttpResponse<String> exchange(HttpRequest<?> request) {
        try {
            return client.toBlocking().exchange(request, String.class);
        } catch (HttpClientResponseException e) {
            return (HttpResponse<String>) e.getResponse();
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
