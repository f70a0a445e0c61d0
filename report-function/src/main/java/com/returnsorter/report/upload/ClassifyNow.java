package com.returnsorter.report.upload;

import com.returnsorter.service.identity.IdentityTokens;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Classifies an uploaded photo at once through the predict function, by object reference
 * ({@code POST /predict {"object": "incoming/…"}}, DESIGN.md): the photo stays in {@code incoming/} and
 * is sorted by the next nightly run; this only tells the person its category now. A failure is reported
 * in the answer, never fails the upload.
 *
 * <p>On Cloud Run the predict service is private: with {@code workspace.predict.identity-token} each call
 * carries an identity token for the predict URL from the metadata server (service-support's
 * {@link IdentityTokens}, the batch's mechanism), and terraform grants this service's account
 * {@code roles/run.invoker} on predict.
 */
@Singleton
public class ClassifyNow implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClassifyNow.class);

    private final PredictConfiguration configuration;
    private final HttpClient client;
    private final IdentityTokens tokens;
    private final String audience;

    public ClassifyNow(PredictConfiguration configuration) {
        this.configuration = configuration;
        try {
            this.client = configuration.enabled() ? HttpClient.create(URI.create(configuration.url()).toURL()) : null;
        } catch (java.net.MalformedURLException | IllegalArgumentException e) {
            throw new com.returnsorter.service.startup.InvalidConfigurationException("PREDICT_URL", e.getMessage());
        }
        this.tokens = client != null && configuration.identityToken() ? new IdentityTokens(configuration.metadataUrl()) : null;
        this.audience = client != null ? IdentityTokens.audienceOf(configuration.url()) : null;
    }

    public boolean enabled() {
        return client != null;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> classify(String object) {
        if (client == null) {
            return Map.of("error", "classify now is not configured here (PREDICT_URL)");
        }
        var request = HttpRequest.POST("/predict", Map.of("object", object)).contentType(MediaType.APPLICATION_JSON_TYPE)
                .accept(MediaType.APPLICATION_JSON_TYPE);
        if (configuration.apiKey() != null && !configuration.apiKey().isBlank()) {
            request = request.header("X-API-Key", configuration.apiKey());
        }
        if (tokens != null) {
            try {
                request = request.bearerAuth(tokens.tokenFor(audience));
            } catch (IdentityTokens.IdentityTokenException e) {
                LOG.warn("classify now of {}: {}", object, e.getMessage());
                return Map.of("error", "no identity token for the predict function");
            }
        }
        try {
            Map<String, Object> answer = client.toBlocking().retrieve(request, Map.class);
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("category", answer.get("category"));
            shown.put("confidence", answer.get("confidence"));
            return shown;
        } catch (HttpClientResponseException e) {
            LOG.warn("classify now of {} answered {}", object, e.getStatus().getCode());
            return Map.of("error", "the predict function answered " + e.getStatus().getCode());
        } catch (RuntimeException e) {
            LOG.warn("classify now of {} failed: {}", object, e.getMessage());
            return Map.of("error", "the predict function did not answer");
        }
    }

    @PreDestroy
    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}
