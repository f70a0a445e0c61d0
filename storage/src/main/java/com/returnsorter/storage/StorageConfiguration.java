package com.returnsorter.storage;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Where objects live. Services map their environment in {@code application.yml}
 * ({@code STORAGE_KIND}, {@code RETURNS_BUCKET}, {@code LOCAL_STORAGE_ROOT}); nothing here reads
 * the environment.
 *
 * @param kind      {@value #KIND_LOCAL} (default) or {@value #KIND_GCS}
 * @param bucket    the Cloud Storage bucket; required when kind is {@value #KIND_GCS}
 * @param localRoot the directory of the local store (default {@code ./local-data/bucket})
 */
@ConfigurationProperties(StorageConfiguration.PREFIX)
public record StorageConfiguration(
        @Bindable(defaultValue = KIND_LOCAL) String kind,
        @Nullable String bucket,
        @Bindable(defaultValue = "./local-data/bucket") String localRoot) {

    public static final String PREFIX = "storage";
    public static final String KIND_LOCAL = "local";
    public static final String KIND_GCS = "gcs";
}
