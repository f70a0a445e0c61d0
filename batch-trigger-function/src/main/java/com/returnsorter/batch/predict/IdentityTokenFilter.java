package com.returnsorter.batch.predict;

import com.returnsorter.service.identity.IdentityTokens;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.annotation.ClientFilter;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.client.ServiceHttpClientConfiguration;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.inject.Named;

/**
 * On Cloud Run the predict service is private: each call carries an identity token whose audience is
 * the predict URL, and Cloud Run lets it through only for a member with {@code roles/run.invoker}
 * (terraform grants it to the batch's service account). Switched on by {@code PREDICT_IDENTITY_TOKEN}.
 * The tokens come from service-support's {@link IdentityTokens}, as the workspace's "classify now" does.
 */
@ClientFilter(serviceId = "predict")
@Requires(property = PredictClientConfiguration.PREFIX + ".identity-token", value = "true")
public class IdentityTokenFilter {

    private final IdentityTokens tokens;
    private final String audience;

    public IdentityTokenFilter(PredictClientConfiguration configuration,
                               @Named("predict") ServiceHttpClientConfiguration predict) {
        this.tokens = new IdentityTokens(configuration.metadataUrl());
        this.audience = IdentityTokens.audienceOf(predict.getUrls().get(0).toString());
    }

    // Blocking only when the cached token is about to expire (once an hour).
    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    public void authorize(MutableHttpRequest<?> request) {
        try {
            request.bearerAuth(tokens.tokenFor(audience));
        } catch (IdentityTokens.IdentityTokenException e) {
            throw new HttpClientException(e.getMessage(), e);
        }
    }
}
