package com.returnsorter.batch.predict;

import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.auth.http.HttpTransportFactory;
import com.google.auth.oauth2.ComputeEngineCredentials;
import com.google.auth.oauth2.IdTokenCredentials;
import com.google.auth.oauth2.IdTokenProvider;
import io.micronaut.http.client.exceptions.HttpClientException;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Google-signed identity tokens for calling a private Cloud Run service, from the metadata server of
 * the instance this runs on, through google-auth-library's {@link IdTokenCredentials} over
 * {@link ComputeEngineCredentials}: the library caches each token and fetches a new one before it expires.
 */
@Singleton
public class IdentityTokens {

    /** Where google-auth-library looks for the metadata server ({@code GCE_METADATA_HOST} moves it). */
    static final URI DEFAULT_METADATA_URL = URI.create("http://metadata.google.internal");

    private final URI metadataUrl;
    private final ComputeEngineCredentials instance;
    private final Map<String, IdTokenCredentials> byAudience = new ConcurrentHashMap<>();

    public IdentityTokens(PredictClientConfiguration configuration) {
        this.metadataUrl = configuration.metadataUrl();
        ComputeEngineCredentials.Builder builder = ComputeEngineCredentials.newBuilder();
        if (!DEFAULT_METADATA_URL.equals(metadataUrl)) {
            builder.setHttpTransportFactory(redirectedTo(metadataUrl));
        }
        this.instance = builder.build();
    }

    /** A valid token for {@code audience} (the receiving service's URL). */
    public String tokenFor(String audience) {
        IdTokenCredentials credentials = byAudience.computeIfAbsent(audience, target -> IdTokenCredentials.newBuilder()
                .setIdTokenProvider(instance)
                .setTargetAudience(target)
                .setOptions(List.of(IdTokenProvider.Option.FORMAT_FULL))
                .build());
        try {
            credentials.refreshIfExpired();
            return credentials.getIdToken().getTokenValue();
        } catch (IOException | RuntimeException e) {
            throw new HttpClientException("no identity token for " + audience + " from the metadata server "
                    + metadataUrl + ": " + e.getMessage(), e);
        }
    }

    /**
     * The library's HTTP transport, with requests for the metadata server sent to {@code target} instead;
     * for a metadata server that is not at its usual address (a test's local server).
     */
    private static HttpTransportFactory redirectedTo(URI target) {
        NetHttpTransport transport = new NetHttpTransport.Builder().setConnectionFactory(url -> {
            URL redirected = url.getHost().equals(DEFAULT_METADATA_URL.getHost())
                    ? URI.create(target.toString().replaceAll("/$", "") + url.getFile()).toURL() : url;
            return (HttpURLConnection) redirected.openConnection();
        }).build();
        return () -> transport;
    }
}
