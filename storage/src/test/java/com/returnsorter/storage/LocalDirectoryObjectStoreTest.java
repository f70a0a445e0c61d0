package com.returnsorter.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalDirectoryObjectStoreTest extends ObjectStoreContract {

    @TempDir
    Path tempDir;

    Path root;

    @Override
    protected ObjectStore createStore() {
        // Two levels below the temp dir, so a key escaping the root by one or two ".." would
        // land inside the snapshot taken by the hostile-key tests.
        root = tempDir.resolve("outer/bucket");
        return new LocalDirectoryObjectStore(root);
    }

    @Override
    protected void createFolderPlaceholder(String key) throws IOException {
        Files.createDirectories(root.resolve(key));
    }

    /** Every path under the temp dir (the root's grandparent) with its size and modification time. */
    @Override
    protected Object snapshotSurroundings() throws IOException {
        Map<String, String> snapshot = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(tempDir)) {
            for (Path p : paths.toList()) {
                snapshot.put(tempDir.relativize(p).toString(),
                        Files.isDirectory(p) ? "dir" : Files.size(p) + "@" + Files.getLastModifiedTime(p));
            }
        }
        return snapshot;
    }

    static Stream<String> keysTheLocalStoreCannotHold() {
        return Stream.of(".staging", ".staging/x", ".staging/lock", ".staging/sub/x.jpg",
                "incoming/" + "x".repeat(256));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("keysTheLocalStoreCannotHold")
    void keysTheLocalStoreCannotHoldAreRejectedAndWriteNothing(String key) throws Exception {
        Object before = snapshotSurroundings();

        assertThatThrownBy(() -> store.write(key, bytes("evil"), JPEG, WriteMode.OVERWRITE))
                .isInstanceOf(InvalidObjectKeyException.class);
        assertThatThrownBy(() -> store.delete(key, 1)).isInstanceOf(InvalidObjectKeyException.class);
        assertThatThrownBy(() -> store.stat(key)).isInstanceOf(InvalidObjectKeyException.class);

        assertThat(snapshotSurroundings()).isEqualTo(before);
    }

    @Test
    void listingNeverShowsTheStagingDirectory() {
        put("incoming/a.jpg", "a");
        store.delete("incoming/a.jpg", store.stat("incoming/a.jpg").orElseThrow().generation());

        assertThat(keys("")).containsExactly("incoming/");
        assertThatThrownBy(() -> store.list(".staging/", null, 10)).isInstanceOf(InvalidObjectKeyException.class);
    }

    @Test
    void anEmptyDirectoryIsAFolderPlaceholderAndANonEmptyOneIsNot() throws IOException {
        Files.createDirectories(root.resolve("review/Shirt"));
        put("processed/Shirt/a.jpg", "a");

        assertThat(keys("")).containsExactly("processed/Shirt/a.jpg", "review/Shirt/");
        assertThat(store.stat("review/Shirt/")).isPresent();
        assertThat(store.stat("processed/Shirt/")).isEmpty();
        assertThat(store.read("review/Shirt/", 0).bytes()).isEmpty();
    }

    @Test
    void symbolicLinksAreNeverFollowedOutOfTheRoot() throws IOException {
        Path outside = Files.createDirectories(tempDir.resolve("outside"));
        Files.writeString(outside.resolve("secret.jpg"), "secret");
        Files.createDirectories(root.resolve("incoming"));
        Files.createSymbolicLink(root.resolve("incoming/linked"), outside);
        Files.createSymbolicLink(root.resolve("incoming/secret.jpg"), outside.resolve("secret.jpg"));
        Object before = snapshotSurroundings();

        assertThat(keys("")).isEmpty();
        assertThat(store.stat("incoming/secret.jpg")).isEmpty();
        assertThatThrownBy(() -> store.read("incoming/secret.jpg", 100)).isInstanceOf(ObjectNotFoundException.class);
        assertThatThrownBy(() -> store.read("incoming/linked/secret.jpg", 100))
                .isInstanceOf(ObjectStoreException.class);
        assertThatThrownBy(() -> put("incoming/linked/new.jpg", "x")).isInstanceOf(ObjectStoreException.class);
        assertThatThrownBy(() -> store.list("incoming/linked/", null, 10)).isInstanceOf(ObjectStoreException.class);
        assertThat(store.delete("incoming/secret.jpg", 1)).isFalse();

        assertThat(snapshotSurroundings()).isEqualTo(before);
        assertThat(Files.readString(outside.resolve("secret.jpg"))).isEqualTo("secret");
    }

    @Test
    void twoStoresOnTheSameDirectorySeeEachOthersObjects() {
        ObjectInfo written = put("incoming/a.jpg", "a");
        LocalDirectoryObjectStore second = new LocalDirectoryObjectStore(root);

        assertThat(second.stat("incoming/a.jpg")).contains(written);
        assertThat(second.delete("incoming/a.jpg", written.generation())).isTrue();
        assertThat(store.stat("incoming/a.jpg")).isEmpty();
    }

    @Test
    void noTempFilesAreLeftBehind() throws IOException {
        ObjectInfo a = put("incoming/a.jpg", "a");
        store.write("incoming/a.jpg", bytes("b"), JPEG, WriteMode.OVERWRITE);
        assertThatThrownBy(() -> put("incoming/a.jpg", "c")).isInstanceOf(ObjectAlreadyExistsException.class);
        store.copy("incoming/a.jpg", store.stat("incoming/a.jpg").orElseThrow().generation(), "processed/a.jpg");
        assertThatThrownBy(() -> store.copy("incoming/a.jpg", a.generation(), "processed/b.jpg"))
                .isInstanceOf(PreconditionFailedException.class);

        try (Stream<Path> staged = Files.list(root.resolve(LocalDirectoryObjectStore.STAGING_DIR))) {
            assertThat(staged.map(p -> p.getFileName().toString())).allMatch(name -> name.equals("lock"));
        }
    }

    @Test
    void describeIsTheAbsoluteRoot() {
        assertThat(Path.of(store.describe())).isAbsolute();
        assertThat(store.describe()).endsWith("bucket");
    }
}
