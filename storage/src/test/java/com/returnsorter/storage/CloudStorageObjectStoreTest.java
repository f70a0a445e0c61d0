package com.returnsorter.storage;

import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract against google-cloud-nio's in-memory {@link LocalStorageHelper} fake.
 *
 * <p>The adapter always sends the real preconditions ({@link CloudStorageObjectStoreRequestTest}
 * proves which); the fake does not enforce some of them, so the cases that depend on those are
 * local-only here, each saying why. They run against {@link LocalDirectoryObjectStoreTest}.
 *
 * <p>{@code LocalStorageHelper.customOptions(false)} rather than {@code getOptions()}: the
 * latter's fake throws {@code UnsupportedOperationException} for any option on a create, so it
 * would refuse the {@code ifGenerationMatch=0} a CREATE_NEW write must carry; it is also one
 * static instance shared by every test in the JVM.
 */
class CloudStorageObjectStoreTest extends ObjectStoreContract {

    private static final String BUCKET = "returns-test";
    private static final String FAKE_IGNORES = "local-only: LocalStorageHelper's fake ";

    private Storage storage;

    @Override
    protected ObjectStore createStore() {
        storage = LocalStorageHelper.customOptions(false).getService();
        return new CloudStorageObjectStore(storage, BUCKET);
    }

    @Override
    protected void createFolderPlaceholder(String key) {
        // What the Cloud Console's "Create folder" does: an empty object whose name ends with "/".
        storage.create(BlobInfo.newBuilder(BlobId.of(BUCKET, key)).build(), new byte[0]);
    }

    @Override
    protected Object snapshotSurroundings() {
        return keys("");
    }

    @Test
    void describeIsTheBucketUrl() {
        assertThat(store.describe()).isEqualTo("gs://returns-test");
    }

    @Test
    void listSkipsObjectsWithUnsafeNamesThatOthersUploaded() {
        storage.create(BlobInfo.newBuilder(BlobId.of(BUCKET, "incoming/../evil.jpg")).build(), new byte[1]);
        storage.create(BlobInfo.newBuilder(BlobId.of(BUCKET, "incoming/photo\u202Egpj.exe")).build(), new byte[1]);
        put("incoming/ok.jpg", "ok");

        assertThat(keys("incoming/")).isEqualTo(List.of("incoming/ok.jpg"));
    }

    @Override
    @Test
    @Disabled(FAKE_IGNORES + "create() ignores ifGenerationMatch=0 (FakeStorageRpc.create never checks options)")
    void createNewNeverOverwritesAnExistingObject() {
    }

    @Override
    @Test
    @Disabled(FAKE_IGNORES + "create() assigns no generation at all")
    void everyNewVersionGetsANewGeneration() {
    }

    @Override
    @Test
    @Disabled(FAKE_IGNORES + "list() ignores the page token, returns no next token after truncating to the page "
            + "size, and returns objects in hash order")
    void listPagesThroughEveryObjectOnceInKeyOrder() {
    }

    @Override
    @Test
    @Disabled(FAKE_IGNORES + "rewrite ignores ifSourceGenerationMatch (only target options are read)")
    void copyRefusesAStaleSourceGeneration() {
    }

    @Override
    @Test
    @Disabled(FAKE_IGNORES + "create() assigns no generation, so an old and a new version cannot be told apart")
    protected void checksumOfAVersionThatIsGoneOrReplacedIsEmpty() {
    }

    @Override
    @Test
    @Disabled(FAKE_IGNORES + "delete() ignores ifGenerationMatch")
    void deleteWithAStaleGenerationKeepsTheObject() {
    }

    @Override
    @Test
    @Disabled(FAKE_IGNORES + "delete() ignores ifGenerationMatch, so the replaced source would be deleted")
    protected void aMoveKeepsItsCopyWhenTheSourceWasReplacedMeanwhile() {
    }

    @Override
    @Test
    @Disabled(FAKE_IGNORES + "is not thread-safe: its ifGenerationMatch=0 check on copy is check-then-act and "
            + "delete ignores generations")
    void concurrentMovesLeaveEveryObjectInExactlyOnePlace() {
    }

    @Override
    @Test
    @Disabled(FAKE_IGNORES + "create() ignores ifGenerationMatch; CloudStorageObjectStoreRequestTest checks the request")
    void replaceWithAStaleGenerationChangesNothing() {
    }

    @Override
    @Test
    @Disabled(FAKE_IGNORES + "create() ignores ifGenerationMatch, so it creates the missing object")
    void replaceOfAMissingObjectThrowsNotFound() {
    }

    @Override
    @Test
    @Disabled(FAKE_IGNORES + "create() assigns no generation at all")
    void replaceAtTheCurrentGenerationWritesANewVersion() {
    }
}
