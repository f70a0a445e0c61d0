package com.returnsorter.service.identity;

import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.auth.http.HttpTransportFactory;
import com.google.auth.oauth2.ComputeEngineCredentials;
import com.google.auth.oauth2.IdTokenCredentials;
import com.google.auth.oauth2.IdTokenProvider;

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
 * The one mechanism of every service-to-service call (the batch's calls to predict, the workspace's
 * "classify now"); each service makes one instance from its own settings.
 */
public class IdentityTokens {

    /**
     * Where google-auth-library looks for the metadata server ({@code GCE_METADATA_HOST} moves it); the
     * default of every service's {@code metadata-url} setting.
     */
    public static final String DEFAULT_METADATA_URL = "http://metadata.google.internal";

    private final URI metadataUrl;
    private final ComputeEngineCredentials instance;
    private final Map<String, IdTokenCredentials> byAudience = new ConcurrentHashMap<>();

    /** @param metadataUrl the metadata server; a test points it at a local server */
    public IdentityTokens(URI metadataUrl) {
        this.metadataUrl = metadataUrl;
        ComputeEngineCredentials.Builder builder = ComputeEngineCredentials.newBuilder();
        if (!URI.create(DEFAULT_METADATA_URL).equals(metadataUrl)) {
            builder.setHttpTransportFactory(redirectedTo(metadataUrl));
        }
        this.instance = builder.build();
    }

    /** The audience Cloud Run expects for a service URL: the URL without a trailing slash. */
    public static String audienceOf(String serviceUrl) {
        return serviceUrl.endsWith("/") ? serviceUrl.substring(0, serviceUrl.length() - 1) : serviceUrl;
    }

    /**
     * A valid token for {@code audience} (the receiving service's URL). Blocks only when the cached token
     * is about to expire (about once an hour).
     *
     * @throws IdentityTokenException when the metadata server gives none
     */
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
            throw new IdentityTokenException("no identity token for " + audience + " from the metadata server "
                    + metadataUrl + ": " + e.getMessage(), e);
        }
    }

    /**
     * The library's HTTP transport, with requests for the metadata server sent to {@code target} instead;
     * for a metadata server that is not at its usual address (a test's local server).
     */
    private static HttpTransportFactory redirectedTo(URI target) {
        String host = URI.create(DEFAULT_METADATA_URL).getHost();
        NetHttpTransport transport = new NetHttpTransport.Builder().setConnectionFactory(url -> {
            URL redirected = url.getHost().equals(host)
                    ? URI.create(target.toString().replaceAll("/$", "") + url.getFile()).toURL() : url;
            return (HttpURLConnection) redirected.openConnection();
        }).build();
        return () -> transport;
    }

    /** The metadata server gave no token (down, refused, or this is not Google Cloud). */
    public static class IdentityTokenException extends RuntimeException {
        public IdentityTokenException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
