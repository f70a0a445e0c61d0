package com.returnsorter.batch.messaging;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import java.net.URI;

/**
 * How messages travel ({@code messaging.*}).
 *
 * @param kind              {@code pubsub} on Cloud Run; {@code local} posts push envelopes over HTTP instead
 * @param selfUrl           local mode: this service's own address, where continuations and manual runs are pushed
 * @param completedPushUrl  local mode: the push endpoint that receives {@code batch-completed} (the report
 *                          function's {@code /push}); unset, the event is written to the log
 */
@ConfigurationProperties(MessagingConfiguration.PREFIX)
public record MessagingConfiguration(
        @Bindable(defaultValue = "local") @NotBlank @Pattern(regexp = "local|pubsub", message = "must be local or pubsub")
        String kind,
        @Nullable URI selfUrl,
        @Nullable URI completedPushUrl) {

    public static final String PREFIX = "messaging";
}
