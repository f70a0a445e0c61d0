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
    void theLocalStoreWaitsFiveSecondsForUploadsUnlessConfiguredOtherwise() {
        store(Map.of()).write("incoming/fresh.jpg", new byte[]{1}, "image/jpeg", WriteMode.CREATE_NEW);

        assertThat(store(Map.of()).list("incoming/", null, 10).objects()).as("just written, default 5 s").isEmpty();
        assertThat(store(Map.of("storage.local-settle-time", "0s")).list("incoming/", null, 10).objects()).hasSize(1);
        try (ApplicationContext context = ApplicationContext.run(Map.of("storage.local-root", tempDir.toString()))) {
            assertThat(context.getBean(StorageConfiguration.class).settleTime())
                    .isEqualTo(StorageConfiguration.DEFAULT_LOCAL_SETTLE_TIME).hasSeconds(5);
        }
    }

    private ObjectStore store(Map<String, Object> extra) {
        java.util.Map<String, Object> properties = new java.util.HashMap<>(extra);
        properties.put("storage.local-root", tempDir.toString());
        try (ApplicationContext context = ApplicationContext.run(properties)) {
            return context.getBean(ObjectStore.class);
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
