package com.returnsorter.report.support;

import com.returnsorter.events.PushEnvelope;
import com.returnsorter.events.Topics;
import com.returnsorter.report.history.HistoryStore;
import com.returnsorter.service.access.PushAccess;
import com.returnsorter.testing.LocalOidcIssuer;
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
    /** The push identity the test service accepts, as terraform configures it. */
    public static final String PUSH_ACCOUNT = "pubsub-push@return-sorter-test.iam.gserviceaccount.com";
    public static final String PUSH_AUDIENCE = "https://report-function.test/push";
    /** Signs the test pushes; its key set is what the service checks them against. */
    public static final LocalOidcIssuer ISSUER = LocalOidcIssuer.start();

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
        all.put("push.auth.service-account", PUSH_ACCOUNT);
        all.put("push.auth.audience", PUSH_AUDIENCE);
        all.put("push.auth.jwks-uri", ISSUER.jwksUri());
        all.putAll(properties);
        // "local": pages are served as the local user (IAP has its own test); pushes still need the push account's token.
        return new ReportService(ApplicationContext.builder().properties(all).deduceEnvironment(false)
                .environments(PushAccess.LOCAL_ENVIRONMENT).singletons(clock).singletons(beans).start());
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

    /** The push account's OIDC token for this service, as Pub/Sub attaches it to every push. */
    public static String pushToken() {
        return ISSUER.idToken(PUSH_ACCOUNT, PUSH_AUDIENCE);
    }

    /** Pushes a message as Pub/Sub would, with a new message id; returns the status (200 ack, else nack). */
    public int push(String subscription, Object payload) {
        return push(subscription, payload, UUID.randomUUID().toString());
    }

    public int push(String subscription, Object payload, String messageId) {
        return pushForResponse(subscription, payload, messageId).getStatus().getCode();
    }

    public HttpResponse<String> pushForResponse(String subscription, Object payload, String messageId) {
        return pushWithToken(pushToken(), subscription, payload, messageId);
    }

    /** The same push with {@code token} as its bearer token, or with no Authorization header when null. */
    public HttpResponse<String> pushWithToken(String token, String subscription, Object payload, String messageId) {
        byte[] data = payload instanceof byte[] bytes ? bytes : json(payload);
        PushEnvelope envelope = PushEnvelope.of(PROJECT, subscription, data, Map.of(Topics.ATTRIBUTE_SCHEMA, "1"),
                messageId, context.getBean(Clock.class).instant());
        var request = HttpRequest.POST("/push", envelope);
        return exchange(token == null ? request : request.bearerAuth(token));
    }

    @SuppressWarnings("unchecked")
    public HttpResponse<String> exchange(HttpRequest<?> request) {
        try {
            return client.toBlocking().exchange(request, String.class);
        } catch (HttpClientResponseException e) {
            return (HttpResponse<String>) e.getResponse();
        }
    }

    @SuppressWarnings("unchecked")
    public HttpResponse<byte[]> exchangeBytes(HttpRequest<?> request) {
        try {
            return client.toBlocking().exchange(request, byte[].class);
        } catch (HttpClientResponseException e) {
            return (HttpResponse<byte[]>) e.getResponse();
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
