package com.returnsorter.report.notify;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;
import java.util.List;

/**
 * The email channel ({@code email.*}).
 *
 * @param smtpHost     the SMTP server; blank writes emails to {@code .eml} files instead
 * @param smtpPort     587 for STARTTLS, 465 for TLS, 25 for none
 * @param smtpUsername logs in when not blank
 * @param smtpPassword a secret: never logged
 * @param smtpSecurity how the connection is protected
 * @param smtpTimeout  the limit on connecting and on each read and write of the SMTP conversation
 * @param from         the sender, {@code name@host} or {@code Display Name <name@host>}
 * @param to           the recipients
 */
@ConfigurationProperties(EmailConfiguration.PREFIX)
public record EmailConfiguration(
        @Nullable String smtpHost,
        @Bindable(defaultValue = "587") @Min(1) @Max(65535) int smtpPort,
        @Nullable String smtpUsername,
        @Nullable String smtpPassword,
        @Bindable(defaultValue = "starttls") @NotNull Security smtpSecurity,
        @NotNull Duration smtpTimeout,
        @Bindable(defaultValue = "return-sorter@localhost") @NotBlank String from,
        @Bindable(defaultValue = "returns-it@localhost") @NotEmpty List<@NotBlank String> to) {

    public static final String PREFIX = "email";
    public static final String SMTP_HOST = PREFIX + ".smtp-host";

    public EmailConfiguration {
        // "a@x, b@x" from ALERT_EMAIL_TO binds with the spaces
        to = to == null ? List.of() : to.stream().map(String::strip).filter(address -> !address.isEmpty()).toList();
    }

    /** How the SMTP connection is protected. */
    public enum Security {
        /** Plain SMTP (a relay inside the network, or a test server). */
        NONE,
        /** Plain connection upgraded with STARTTLS, which the server must offer (port 587). */
        STARTTLS,
        /** TLS from the first byte (port 465). */
        TLS
    }

    public boolean smtpConfigured() {
        return smtpHost != null && !smtpHost.isBlank();
    }

    public boolean authenticates() {
        return smtpUsername != null && !smtpUsername.isBlank();
    }

    /** Keeps the password out of logs. */
    @Override
    public String toString() {
        return "EmailConfiguration[smtpHost=" + smtpHost + ", smtpPort=" + smtpPort + ", smtpUsername=" + smtpUsername
                + ", smtpPassword=" + (smtpPassword == null || smtpPassword.isEmpty() ? "" : "<secret>")
                + ", smtpSecurity=" + smtpSecurity + ", smtpTimeout=" + smtpTimeout + ", from=" + from + ", to=" + to
                + "]";
    }
}
