package com.returnsorter.report.upload;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * How the upload page's files reach {@code incoming/} ({@code workspace.upload.*}; docs/workspace.md, "Upload").
 *
 * @param mode              {@value #SERVICE}: through this service ({@code POST /uploads}, the only way with the
 *                          local store); {@value #SIGNED_URL}: the browser PUTs each file straight to the bucket
 *                          with a V4 signed URL from {@code POST /uploads/signed-urls} ({@code WORKSPACE_UPLOAD_MODE};
 *                          its default is in application.yml)
 * @param bucketHost        the Cloud Storage XML endpoint the signed URLs name, and the upload page's CSP
 *                          {@code connect-src}; a test points it at a local server
 * @param signedUrlLifetime how long a signed URL may be used; upload.js asks for one right before each PUT
 */
@ConfigurationProperties(UploadConfiguration.PREFIX)
@io.micronaut.context.annotation.Requires(property = "micronaut.application.name", value = "report-function")
public record UploadConfiguration(
        @NotNull String mode,
        @Bindable(defaultValue = "https://storage.googleapis.com") @NotNull String bucketHost,
        @Bindable(defaultValue = "15m") @NotNull Duration signedUrlLifetime) {

    public static final String PREFIX = "workspace.upload";
    public static final String SERVICE = "service";
    public static final String SIGNED_URL = "signed-url";

    public boolean signedUrls() {
        return SIGNED_URL.equals(mode);
    }
}
