package com.returnsorter.batch.predict;

import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Google-signed identity tokens for calling a private Cloud Run service, from the metadata server of
 * the instance this runs on ({@code /computeMetadata/v1/instance/service-accounts/default/identity}).
 * A token lives an hour; it is reused until five minutes before its {@code exp}.
 */
@Singleton
public class IdentityTokens {

    static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofMinutes(5);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private record Token(String value, Instant expiresAt) {
    }

    private final URI metadataUrl;
    private final JsonMapper json;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final Map<String, Token> byAudience = new ConcurrentHashMap<>();

    public IdentityTokens(PredictClientConfiguration configuration, JsonMapper json, Clock clock) {
        this.metadataUrl = configuration.metadataUrl();
        this.json = json;
        this.clock = clock;
    }

    /** A valid token for {@code audience} (the receiving service's URL). */
    public String tokenFor(String audience) {
        Token token = byAudience.get(audience);
        if (token == null || !clock.instant().isBefore(token.expiresAt().minus(REFRESH_BEFORE_EXPIRY))) {
            token = fetch(audience);
            byAudience.put(audience, token);
        }
        return token.value();
    }

    private Token fetch(String audience) {
        URI uri = metadataUrl.resolve("/computeMetadata/v1/instance/service-accounts/default/identity?format=full&audience="
                + URLEncoder.encode(audience, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(uri).header("Metadata-Flavor", "Google").timeout(TIMEOUT).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new HttpClientException("the metadata server " + metadataUrl + " answered " + response.statusCode()
                        + " to an identity-token request for " + audience);
            }
            String value = response.body().strip();
            return new Token(value, expiry(value));
        } catch (IOException e) {
            throw new HttpClientException("no identity token for " + audience + ": the metadata server " + metadataUrl
                    + " could not be reached (" + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpClientException("interrupted while fetching an identity token for " + audience, e);
        }
    }

    /** The {@code exp} claim of a JWT; a token without one is used once. */
    private Instant expiry(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length == 3) {
            try {
                Map<?, ?> claims = json.readValue(Base64.getUrlDecoder().decode(parts[1]), Map.class);
                if (claims.get("exp") instanceof Number exp) {
                    return Instant.ofEpochSecond(exp.longValue());
                }
            } catch (IOException | IllegalArgumentException unreadable) {
                // fall through: treated as expiring now
            }
        }
        return clock.instant();
    }
}
