package com.returnsorter.batch.support;

import com.returnsorter.storage.LocalDirectoryObjectStore;
import com.returnsorter.storage.ObjectStore;
import com.returnsorter.storage.ObjectStoreFactory;
import com.returnsorter.storage.StorageConfiguration;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.nio.file.Path;

/** With {@code test.faulty-store=true}, the batch works on a {@link FaultyObjectStore} over the local bucket. */
@Factory
@Requires(property = "test.faulty-store", value = "true")
public class FaultyStoreFactory {

    @Singleton
    @Replaces(bean = ObjectStore.class, factory = ObjectStoreFactory.class)
    ObjectStore faultyStore(StorageConfiguration configuration) {
        return new FaultyObjectStore(new LocalDirectoryObjectStore(Path.of(configuration.localRoot())));
    }
}
