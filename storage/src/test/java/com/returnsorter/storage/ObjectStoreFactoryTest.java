package com.returnsorter.storage;

import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.BeanInstantiationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObjectStoreFactoryTest {

    @TempDir
    Path tempDir;

    @Test
    void buildsTheLocalStoreFromProperties() {
        Path root = tempDir.resolve("bucket");
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "storage.kind", "local",
                "storage.local-root", root.toString()))) {
            ObjectStore store = context.getBean(ObjectStore.class);

            assertThat(store).isInstanceOf(LocalDirectoryObjectStore.class);
            assertThat(store.describe()).isEqualTo(root.toAbsolutePath().toString());
            assertThat(context.containsBean(Storage.class)).isFalse();
            store.write("incoming/a.jpg", new byte[]{1}, "image/jpeg", WriteMode.CREATE_NEW);
            assertThat(root.resolve("incoming/a.jpg")).exists();
        }
    }

    @Test
    void localIsTheDefaultKind() {
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "storage.local-root", tempDir.toString()))) {
            assertThat(context.getBean(StorageConfiguration.class).kind()).isEqualTo("local");
            assertThat(context.getBean(ObjectStore.class)).isInstanceOf(LocalDirectoryObjectStore.class);
        }
    }

    @Test
    void buildsTheCloudStorageStoreWithTheApplicationsStorageClient() {
        Storage storage = LocalStorageHelper.customOptions(false).getService();
        try (ApplicationContext context = ApplicationContext.builder()
                .properties(Map.of("storage.kind", "gcs", "storage.bucket", "returns-bucket"))
                .singletons(storage)
                .start()) {
            ObjectStore store = context.getBean(ObjectStore.class);

            assertThat(store).isInstanceOf(CloudStorageObjectStore.class);
            assertThat(store.describe()).isEqualTo("gs://returns-bucket");
            assertThat(context.getBean(Storage.class)).isSameAs(storage);
        }
    }

    @Test
    void gcsWithoutABucketFailsWithAClearMessage() {
        Storage storage = LocalStorageHelper.customOptions(false).getService();
        // The store is created with the context, so the service stops at start, not at first use.
        assertThatThrownBy(() -> ApplicationContext.builder()
                .properties(Map.of("storage.kind", "gcs"))
                .singletons(storage)
                .start())
                .isInstanceOf(BeanInstantiationException.class)
                .hasStackTraceContaining("storage.bucket must name a bucket");
    }

    @Test
    void anUnknownKindFailsWithAClearMessage() {
        assertThatThrownBy(() -> ApplicationContext.run(Map.of("storage.kind", "s3")))
                .hasStackTraceContaining("storage.kind must be 'gcs' or 'local'");
    }
}
