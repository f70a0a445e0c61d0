package com.returnsorter.report.notify;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;

import java.nio.file.Path;

/**
 * The local transports ({@code notifications.*}), used for a channel whose real transport is not configured.
 *
 * @param localDir Slack messages go to {@code <localDir>/slack/<alertId>.json}, emails to
 *                 {@code <localDir>/email/<alertId>.eml}
 */
@ConfigurationProperties(LocalNotificationConfiguration.PREFIX)
public record LocalNotificationConfiguration(
        @Bindable(defaultValue = "./local-data/notifications") @NotBlank String localDir) {

    public static final String PREFIX = "notifications";

    /** The absolute directory of one channel's files. */
    public Path channelDirectory(String channel) {
        return Path.of(localDir).toAbsolutePath().normalize().resolve(channel);
    }
}
