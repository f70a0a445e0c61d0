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
 * @param localSettleTime how long a file under {@code incoming/} of the local store must have been left
 *                  unchanged before a listing shows it (a copy, {@code scp}, SMB or {@code rsync} may
 *                  still be writing it); {@link #DEFAULT_LOCAL_SETTLE_TIME} (5 s) when not set
 *                  ({@code STORAGE_LOCAL_SETTLE_TIME}); {@code 0s} lists files at once
 */
@ConfigurationProperties(StorageConfiguration.PREFIX)
public record StorageConfiguration(
        @Bindable(defaultValue = KIND_LOCAL) String kind,
        @Nullable String bucket,
        @Bindable(defaultValue = "./local-data/bucket") String localRoot,
        @Nullable java.time.Duration localSettleTime) {

    public static final String PREFIX = "storage";
    /** The settle time when none is configured: longer than the pauses of a copy over SMB or scp. */
    public static final java.time.Duration DEFAULT_LOCAL_SETTLE_TIME = java.time.Duration.ofSeconds(5);

    /** {@link #localSettleTime}, or the default. */
    public java.time.Duration settleTime() {
        return localSettleTime != null ? localSettleTime : DEFAULT_LOCAL_SETTLE_TIME;
    }
    public static final String KIND_LOCAL = "local";
    public static final String KIND_GCS = "gcs";
}
