package com.returnsorter.storage;

import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/** Provides the {@link ObjectStore} chosen by {@link StorageConfiguration}. */
@Factory
public class ObjectStoreFactory {

    private static final Logger LOG = LoggerFactory.getLogger(ObjectStoreFactory.class);

    /** A Cloud Storage client with Application Default Credentials, unless the application provides its own. */
    @Singleton
    @Bean(preDestroy = "close")
    @Requires(property = StorageConfiguration.PREFIX + ".kind", value = StorageConfiguration.KIND_GCS)
    @Requires(missingBeans = Storage.class)
    Storage storage() {
        return StorageOptions.getDefaultInstance().getService();
    }

    // Created at start, so an unknown storage.kind or a missing bucket stops the service before it serves.
    @Context
    ObjectStore objectStore(StorageConfiguration configuration, BeanProvider<Storage> storage) {
        String kind = configuration.kind();
        ObjectStore store;
        if (StorageConfiguration.KIND_GCS.equals(kind)) {
            String bucket = configuration.bucket();
            if (bucket == null || bucket.isBlank()) {
                throw new ConfigurationException(StorageConfiguration.PREFIX + ".bucket must name a bucket when "
                        + StorageConfiguration.PREFIX + ".kind is gcs");
            }
            store = new CloudStorageObjectStore(storage.get(), bucket.trim());
        } else if (StorageConfiguration.KIND_LOCAL.equals(kind)) {
            store = new LocalDirectoryObjectStore(Path.of(configuration.localRoot()), configuration.settleTime());
        } else {
            throw new ConfigurationException(StorageConfiguration.PREFIX + ".kind must be 'gcs' or 'local', not '"
                    + kind + "'");
        }
        LOG.info("object store: {}", store.describe());
        return store;
    }
}
