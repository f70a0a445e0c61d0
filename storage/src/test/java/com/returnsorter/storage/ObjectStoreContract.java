package com.returnsorter.storage;

import io.micronaut.core.annotation.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviour every {@link ObjectStore} adapter must show. Subclasses provide the store; a
 * subclass whose backend cannot show one behaviour overrides that single test with
 * {@code @Disabled} and says why.
 *
 * <p>Packaged in the storage test-jar so other modules can run it against their own doubles.
 */
public abstract class ObjectStoreContract {

    protected static final String JPEG = "image/jpeg";

    protected ObjectStore store;

    /** A new, empty store for each test. */
    protected abstract ObjectStore createStore() throws Exception;

    /** Creates a folder placeholder {@code key} (ending with "/") the way the backend's own tools do. */
    protected abstract void createFolderPlaceholder(String key) throws Exception;

    /** Everything the store and its surroundings hold, to prove a rejected key wrote nothing anywhere. */
    protected abstract Object snapshotSurroundings() throws Exception;

    @BeforeEach
    void createTheStore() throws Exception {
        store = createStore();
    }

    // ---- write, read, stat ------------------------------------------------------------------

    @Test
    void writeThenReadReturnsTheSameBytesAndInfo() {
        ObjectInfo written = put("incoming/a.jpg", "photo a");

        assertThat(written.key()).isEqualTo("incoming/a.jpg");
        assertThat(written.size()).isEqualTo(7);
        StoredObject read = store.read("incoming/a.jpg", 1024);
        assertThat(text(read.bytes())).isEqualTo("photo a");
        assertThat(read.info().key()).isEqualTo("incoming/a.jpg");
        assertThat(read.info().size()).isEqualTo(7);
        assertThat(read.info().generation()).isEqualTo(written.generation());
        assertThat(read.info().isFolderPlaceholder()).isFalse();
    }

    @Test
    void statReportsSizeAndContentTypeOfAWrittenObject() {
        put("incoming/a.jpg", "12345");

        ObjectInfo info = store.stat("incoming/a.jpg").orElseThrow();

        assertThat(info.size()).isEqualTo(5);
        assertThat(info.contentType()).isEqualTo(JPEG);
        assertThat(info.updated()).isNotNull();
    }

    @Test
    void statOfAMissingKeyIsEmpty() {
        assertThat(store.stat("incoming/missing.jpg")).isEmpty();
    }

    @Test
    void createNewNeverOverwritesAnExistingObject() {
        ObjectInfo first = put("incoming/a.jpg", "first");

        assertThatThrownBy(() -> put("incoming/a.jpg", "second"))
                .isInstanceOf(ObjectAlreadyExistsException.class);

        assertThat(text(store.read("incoming/a.jpg", 100).bytes())).isEqualTo("first");
        assertThat(store.stat("incoming/a.jpg").orElseThrow().generation()).isEqualTo(first.generation());
    }

    @Test
    void overwriteReplacesTheBytes() {
        put("reports/r1/summary.json", "{\"v\":1}");

        store.write("reports/r1/summary.json", bytes("{\"v\":2}"), "application/json", WriteMode.OVERWRITE);

        assertThat(text(store.read("reports/r1/summary.json", 100).bytes())).isEqualTo("{\"v\":2}");
    }

    @Test
    void everyNewVersionGetsANewGeneration() {
        List<Long> generations = new ArrayList<>();
        generations.add(put("reports/r1/summary.json", "same").generation());
        for (int i = 0; i < 5; i++) {
            generations.add(store.write("reports/r1/summary.json", bytes("same"), "application/json",
                    WriteMode.OVERWRITE).generation());
        }

        assertThat(generations).doesNotHaveDuplicates();
        assertThat(store.stat("reports/r1/summary.json").orElseThrow().generation()).isEqualTo(generations.get(5));
    }

    @Test
    void replaceAtTheCurrentGenerationWritesANewVersion() {
        ObjectInfo first = put("state/runs/r1.json", "{\"v\":1}");

        ObjectInfo second = store.replace("state/runs/r1.json", bytes("{\"v\":2}"), "application/json", first.generation());

        assertThat(second.generation()).isNotEqualTo(first.generation());
        assertThat(text(store.read("state/runs/r1.json", 100).bytes())).isEqualTo("{\"v\":2}");
        assertThat(store.stat("state/runs/r1.json").orElseThrow().generation()).isEqualTo(second.generation());
    }

    @Test
    void replaceWithAStaleGenerationChangesNothing() {
        ObjectInfo first = put("state/runs/r1.json", "{\"v\":1}");
        store.replace("state/runs/r1.json", bytes("{\"v\":2}"), "application/json", first.generation());

        assertThatThrownBy(() -> store.replace("state/runs/r1.json", bytes("{\"v\":3}"), "application/json",
                first.generation())).isInstanceOf(PreconditionFailedException.class);

        assertThat(text(store.read("state/runs/r1.json", 100).bytes())).isEqualTo("{\"v\":2}");
    }

    @Test
    void replaceOfAMissingObjectThrowsNotFound() {
        assertThatThrownBy(() -> store.replace("state/runs/none.json", bytes("x"), "application/json", 42L))
                .isInstanceOf(ObjectNotFoundException.class);
        assertThat(store.stat("state/runs/none.json")).isEmpty();
    }

    @Test
    void readOverMaxBytesFailsWithoutReturningTheBytes() {
        put("incoming/big.jpg", "0123456789");

        assertThatThrownBy(() -> store.read("incoming/big.jpg", 9))
                .isInstanceOfSatisfying(ObjectTooLargeException.class, e -> {
                    assertThat(e.size()).isEqualTo(10);
                    assertThat(e.maxBytes()).isEqualTo(9);
                });
        assertThat(store.read("incoming/big.jpg", 10).bytes()).hasSize(10);
    }

    @Test
    void openStreamReadsTheWholeObjectInPieces() throws Exception {
        byte[] bytes = new byte[300_000];
        new Random(7).nextBytes(bytes);
        store.write("reports/run/results.csv", bytes, "text/csv", WriteMode.CREATE_NEW);

        try (java.io.InputStream in = store.openStream("reports/run/results.csv", bytes.length)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
    }

    @Test
    void openStreamOverMaxBytesFailsBeforeReading() {
        put("reports/run/results.csv", "0123456789");

        assertThatThrownBy(() -> store.openStream("reports/run/results.csv", 9))
                .isInstanceOfSatisfying(ObjectTooLargeException.class, e -> assertThat(e.size()).isEqualTo(10));
        assertThatThrownBy(() -> store.openStream("reports/run/missing.csv", 9))
                .isInstanceOf(ObjectNotFoundException.class);
    }

    @Test
    void readOfAMissingObjectThrowsNotFound() {
        assertThatThrownBy(() -> store.read("incoming/missing.jpg", 100))
                .isInstanceOf(ObjectNotFoundException.class);
    }

    @Test
    void emptyObjectsRoundTrip() {
        store.write("incoming/empty.jpg", new byte[0], JPEG, WriteMode.CREATE_NEW);

        assertThat(store.read("incoming/empty.jpg", 0).bytes()).isEmpty();
    }

    // ---- list -------------------------------------------------------------------------------

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void listPagesThroughEveryObjectOnceInKeyOrder() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            String key = String.format("incoming/%s/photo-%04d.jpg", i % 2 == 0 ? "even" : "odd", i);
            put(key, "p" + i);
            expected.add(key);
        }
        put("incomingx/outside.jpg", "x");
        put("in/outside.jpg", "x");
        put("other/outside.jpg", "x");
        expected.sort(ObjectKeys.ORDER);

        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            ObjectPage page = store.list("incoming/", token, 1000);
            assertThat(page.objects()).hasSizeLessThanOrEqualTo(1000);
            page.objects().forEach(o -> seen.add(o.key()));
            token = page.nextPageToken();
            pages++;
        } while (token != null && pages < 10);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    void listReturnsOnlyKeysUnderThePrefix() {
        put("incoming/a.jpg", "a");
        put("incoming/sub/b.jpg", "b");
        put("incomingx/c.jpg", "c");
        put("in/d.jpg", "d");
        put("other/incoming/e.jpg", "e");

        assertThat(keys("incoming/")).containsExactlyInAnyOrder("incoming/a.jpg", "incoming/sub/b.jpg");
        assertThat(keys("incoming/a")).containsExactly("incoming/a.jpg");
        assertThat(keys("incoming")).containsExactlyInAnyOrder("incoming/a.jpg", "incoming/sub/b.jpg",
                "incomingx/c.jpg");
        assertThat(keys("")).hasSize(5);
    }

    @Test
    void listOfAnEmptyPrefixHasNoObjectsAndNoNextPage() {
        put("incoming/a.jpg", "a");

        ObjectPage page = store.list("nothing/", null, 10);

        assertThat(page.objects()).isEmpty();
        assertThat(page.nextPageToken()).isNull();
    }

    @Test
    void folderPlaceholdersAreListedAndFlaggedButCannotBeWritten() throws Exception {
        createFolderPlaceholder("incoming/");

        List<ObjectInfo> listed = listAll("incoming/");
        assertThat(listed).extracting(ObjectInfo::key).containsExactly("incoming/");
        assertThat(listed.get(0).isFolderPlaceholder()).isTrue();
        assertThat(store.stat("incoming/")).get().extracting(ObjectInfo::isFolderPlaceholder).isEqualTo(true);

        assertThatThrownBy(() -> store.write("incoming/", bytes("x"), JPEG, WriteMode.OVERWRITE))
                .isInstanceOf(InvalidObjectKeyException.class);
        put("incoming/a.jpg", "a");
        assertThatThrownBy(() -> store.copy("incoming/a.jpg", store.stat("incoming/a.jpg").orElseThrow().generation(),
                "processed/")).isInstanceOf(InvalidObjectKeyException.class);
    }

    // ---- copy and delete --------------------------------------------------------------------

    @Test
    void copyMakesASecondIndependentObject() {
        ObjectInfo source = put("incoming/a.jpg", "photo");

        ObjectInfo copy = store.copy("incoming/a.jpg", source.generation(), "processed/Shirt/a.jpg");

        assertThat(copy.key()).isEqualTo("processed/Shirt/a.jpg");
        assertThat(copy.size()).isEqualTo(5);
        assertThat(text(store.read("processed/Shirt/a.jpg", 100).bytes())).isEqualTo("photo");
        assertThat(text(store.read("incoming/a.jpg", 100).bytes())).isEqualTo("photo");
    }

    @Test
    void copyNeverOverwritesAnExistingTarget() {
        ObjectInfo source = put("incoming/a.jpg", "new photo");
        put("processed/Shirt/a.jpg", "older photo");

        assertThatThrownBy(() -> store.copy("incoming/a.jpg", source.generation(), "processed/Shirt/a.jpg"))
                .isInstanceOf(ObjectAlreadyExistsException.class);

        assertThat(text(store.read("processed/Shirt/a.jpg", 100).bytes())).isEqualTo("older photo");
    }

    @Test
    void copyRefusesAStaleSourceGeneration() {
        ObjectInfo old = put("incoming/a.jpg", "version 1");
        store.write("incoming/a.jpg", bytes("version 2"), JPEG, WriteMode.OVERWRITE);

        assertThatThrownBy(() -> store.copy("incoming/a.jpg", old.generation(), "processed/Shirt/a.jpg"))
                .isInstanceOf(PreconditionFailedException.class);

        assertThat(store.stat("processed/Shirt/a.jpg")).isEmpty();
    }

    @Test
    void copyOfAMissingSourceThrowsNotFound() {
        assertThatThrownBy(() -> store.copy("incoming/missing.jpg", 1, "processed/Shirt/missing.jpg"))
                .isInstanceOf(ObjectNotFoundException.class);
        assertThat(store.stat("processed/Shirt/missing.jpg")).isEmpty();
    }

    @Test
    void aCopyHasTheChecksumOfItsSourceAndAnotherPhotoOfTheSameSizeDoesNot() {
        ObjectInfo source = put("incoming/a.jpg", "photo a");
        ObjectInfo copy = store.copy("incoming/a.jpg", source.generation(), "processed/Shirt/a.jpg");
        ObjectInfo other = put("processed/Shirt/b.jpg", "photo b");

        Checksum ofSource = store.checksum(source.key(), source.generation()).orElseThrow();
        Checksum ofCopy = store.checksum(copy.key(), copy.generation()).orElseThrow();
        Checksum ofOther = store.checksum(other.key(), other.generation()).orElseThrow();

        assertThat(ofCopy.sameContentAs(ofSource)).isTrue();
        assertThat(ofOther.sameContentAs(ofSource)).isFalse();
        assertThat(ofSource.sameContentAs(Checksum.of("photo a".getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertThat(ofSource.crc32c()).isEqualTo(Checksum.of("photo a".getBytes(StandardCharsets.UTF_8)).crc32c());
    }

    @Test
    protected void checksumOfAVersionThatIsGoneOrReplacedIsEmpty() {
        ObjectInfo first = put("incoming/a.jpg", "photo a");
        store.delete(first.key(), first.generation());
        ObjectInfo second = put("incoming/a.jpg", "photo A");

        assertThat(store.checksum("incoming/a.jpg", first.generation())).isEmpty();
        assertThat(store.checksum("incoming/missing.jpg", 1)).isEmpty();
        assertThat(store.checksum("incoming/a.jpg", second.generation())).isPresent();
    }

    @Test
    void deleteRemovesTheObjectAtItsGenerationOnce() {
        ObjectInfo info = put("incoming/a.jpg", "a");

        assertThat(store.delete("incoming/a.jpg", info.generation())).isTrue();
        assertThat(store.stat("incoming/a.jpg")).isEmpty();
        assertThat(store.delete("incoming/a.jpg", info.generation())).isFalse();
    }

    @Test
    void deleteWithAStaleGenerationKeepsTheObject() {
        ObjectInfo old = put("incoming/a.jpg", "version 1");
        store.write("incoming/a.jpg", bytes("version 2"), JPEG, WriteMode.OVERWRITE);

        assertThat(store.delete("incoming/a.jpg", old.generation())).isFalse();

        assertThat(text(store.read("incoming/a.jpg", 100).bytes())).isEqualTo("version 2");
    }

    @Test
    void deleteOfAMissingObjectReturnsFalse() {
        assertThat(store.delete("incoming/missing.jpg", 1)).isFalse();
    }

    // ---- move -------------------------------------------------------------------------------

    @Test
    void movingThreeObjectsOfTheSameNameIntoOneFolderSuffixesThem() {
        ObjectMover mover = new ObjectMover(store);
        List<String> targets = new ArrayList<>();
        for (String day : List.of("mon", "tue", "wed")) {
            ObjectInfo source = put("incoming/" + day + "/a.jpg", "photo from " + day);
            targets.add(mover.move(source, "processed/Shirt/a.jpg"));
        }

        assertThat(targets).containsExactly("processed/Shirt/a.jpg", "processed/Shirt/a~1.jpg", "processed/Shirt/a~2.jpg");
        assertThat(text(store.read("processed/Shirt/a~2.jpg", 100).bytes())).isEqualTo("photo from wed");
        assertThat(objectKeys("incoming/")).isEmpty();
    }

    @Test
    void suffixGoesBeforeTheExtensionAndFreeNameGivesUpAfterTheBound() {
        ObjectMover mover = new ObjectMover(store, 2);
        put("processed/Shirt/a b.tar.gz", "0");
        put("processed/Shirt/a b.tar~1.gz", "1");
        assertThat(mover.freeName("processed/Shirt/a b.tar.gz")).isEqualTo("processed/Shirt/a b.tar~2.gz");
        put("processed/Shirt/a b.tar~2.gz", "2");
        ObjectInfo source = put("incoming/a b.tar.gz", "new");

        assertThatThrownBy(() -> mover.move(source, "processed/Shirt/a b.tar.gz"))
                .isInstanceOf(ObjectAlreadyExistsException.class);

        assertThat(text(store.read("incoming/a b.tar.gz", 100).bytes())).isEqualTo("new");
        assertThat(objectKeys("processed/")).hasSize(3);
    }

    @Test
    void aStepThatFindsItsCopyWithTheSourceStillThereCompletesTheMoveInsteadOfUndoingIt() {
        ObjectInfo source = put("incoming/a.jpg", "photo");
        store.copy("incoming/a.jpg", source.generation(), "processed/Shirt/a.jpg"); // a holder stopped here

        ObjectMover.Step step = new ObjectMover(store).step("incoming/a.jpg", source.generation(), source.size(),
                "processed/Shirt/a.jpg", () -> { });

        assertThat(step).isEqualTo(ObjectMover.Step.MOVED);
        assertThat(objectKeys("")).containsExactly("processed/Shirt/a.jpg");
        assertThat(text(store.read("processed/Shirt/a.jpg", 100).bytes())).isEqualTo("photo");
    }

    @Test
    void anotherPhotoOfTheSameSizeAtTheTargetIsNotTakenForTheCopy() {
        ObjectInfo source = put("incoming/a.jpg", "photo A");
        put("processed/Shirt/a.jpg", "photo B");

        ObjectMover.Step step = new ObjectMover(store).step("incoming/a.jpg", source.generation(), source.size(),
                "processed/Shirt/a.jpg", () -> { });

        assertThat(step).isEqualTo(ObjectMover.Step.TARGET_TAKEN);
        assertThat(objectKeys("")).containsExactly("incoming/a.jpg", "processed/Shirt/a.jpg");
    }

    @Test
    void aFenceThatRefusesLeavesTheSourceAndTheCopyForTheNextHolder() {
        ObjectInfo source = put("incoming/a.jpg", "photo");
        ObjectMover mover = new ObjectMover(store);

        assertThatThrownBy(() -> mover.step("incoming/a.jpg", source.generation(), source.size(), "processed/Shirt/a.jpg",
                () -> {
                    throw new IllegalStateException("lease lost");
                })).hasMessage("lease lost");
        assertThat(objectKeys("")).containsExactly("incoming/a.jpg", "processed/Shirt/a.jpg");

        assertThat(mover.step("incoming/a.jpg", source.generation(), source.size(), "processed/Shirt/a.jpg", () -> { }))
                .isEqualTo(ObjectMover.Step.MOVED);
        assertThat(objectKeys("")).containsExactly("processed/Shirt/a.jpg");
    }

    @Test
    protected void aMoveKeepsItsCopyWhenTheSourceWasReplacedMeanwhile() {
        ObjectInfo source = put("incoming/a.jpg", "old photo");
        RacingStore racing = new RacingStore(store);
        racing.afterNextCopy = copied ->
                store.write("incoming/a.jpg", bytes("new photo"), JPEG, WriteMode.OVERWRITE);

        ObjectMover.Step step = new ObjectMover(racing).step("incoming/a.jpg", source.generation(), source.size(),
                "processed/Shirt/a.jpg", () -> { });

        assertThat(step).isEqualTo(ObjectMover.Step.CHANGED);
        assertThat(new ObjectMover(store).step("incoming/a.jpg", source.generation(), source.size(),
                "processed/Shirt/a.jpg", () -> { })).isEqualTo(ObjectMover.Step.ALREADY_MOVED);
        assertThat(text(store.read("processed/Shirt/a.jpg", 100).bytes())).isEqualTo("old photo");
        assertThat(text(store.read("incoming/a.jpg", 100).bytes())).isEqualTo("new photo");
    }

    @Test
    void moveOfAnAlreadyMovedObjectChangesNothing() {
        ObjectInfo source = put("incoming/a.jpg", "photo");
        ObjectMover mover = new ObjectMover(store);
        mover.move(source, "processed/Shirt/a.jpg");

        assertThatThrownBy(() -> mover.move(source, "review/Shirt/a.jpg"))
                .isInstanceOf(ObjectNotFoundException.class);
        assertThat(objectKeys("")).containsExactly("processed/Shirt/a.jpg");
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void concurrentMovesLeaveEveryObjectInExactlyOnePlace() throws Exception {
        List<ObjectInfo> sources = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            sources.add(put(String.format("incoming/p%02d.jpg", i), "photo " + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        try {
            for (int t = 0; t < 8; t++) {
                long seed = t;
                workers.add(pool.submit(() -> {
                    List<ObjectInfo> order = new ArrayList<>(sources);
                    Collections.shuffle(order, new Random(seed));
                    ObjectMover mover = new ObjectMover(store);
                    start.await();
                    for (ObjectInfo source : order) {
                        try {
                            mover.move(source, "processed/Shirt/" + ObjectKeys.fileName(source.key()));
                        } catch (ObjectNotFoundException alreadyMoved) {
                            // another thread moved it before this one started
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get(4, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(objectKeys("incoming/")).isEmpty();
        Map<String, Integer> copiesOfEachPhoto = new HashMap<>();
        for (String key : objectKeys("")) {
            copiesOfEachPhoto.merge(text(store.read(key, 100).bytes()), 1, Integer::sum);
        }
        assertThat(copiesOfEachPhoto).hasSize(50).allSatisfy((photo, copies) -> assertThat(copies).isOne());
    }

    // ---- names ------------------------------------------------------------------------------

    @Test
    void namesWithSpacesHashQuestionMarkPercentAndPlusWork() {
        List<String> names = List.of("my photo #1?.jpg", "50% off+sale.jpg", "a?b=c&d.jpg", "#.jpg");
        ObjectMover mover = new ObjectMover(store);
        for (String name : names) {
            ObjectInfo info = put("incoming/" + name, name);
            assertThat(keys("incoming/" + name)).containsExactly("incoming/" + name);
            mover.move(info, "processed/Odd Names/" + name);
        }

        for (String name : names) {
            assertThat(text(store.read("processed/Odd Names/" + name, 100).bytes())).isEqualTo(name);
        }
        assertThat(objectKeys("incoming/")).isEmpty();
    }

    @Test
    void unicodeNamesInNfcAndNfdAreKeptExactlyAsWritten() {
        String name = "Café Ünïcødé 写真 👗.jpg";
        String nfc = "photos/nfc/" + Normalizer.normalize(name, Normalizer.Form.NFC);
        String nfd = "photos/nfd/" + Normalizer.normalize(name, Normalizer.Form.NFD);
        assertThat(nfc).isNotEqualTo(nfd.replace("nfd", "nfc"));
        put(nfc, "composed");
        put(nfd, "decomposed");

        assertThat(keys("photos/nfc/")).containsExactly(nfc);
        assertThat(keys("photos/nfd/")).containsExactly(nfd);
        assertThat(text(store.read(nfc, 100).bytes())).isEqualTo("composed");
        assertThat(text(store.read(nfd, 100).bytes())).isEqualTo("decomposed");
        assertThat(ObjectKeys.fileName(keys("photos/nfd/").get(0)))
                .isEqualTo(Normalizer.normalize(name, Normalizer.Form.NFD));
    }

    static Stream<String> hostileKeys() {
        return Stream.of(
                "../x",
                "incoming/../../etc/passwd",
                "incoming/../../../../../../etc/passwd",
                "/abs",
                "/etc/passwd",
                "a//b",
                "a\\b",
                "..\\..\\x",
                ".",
                "..",
                "a/./b",
                "",
                "a\u0000b",
                "\u0000",
                "a\nb.jpg",
                "photo\u202Egpj.exe",
                "zero\u200Bwidth.jpg",
                "\uFEFFbom.jpg",
                "lone\uD800surrogate.jpg",
                "lone\uDC00low.jpg",
                "non\uFFFEcharacter",
                "non\uFFFFcharacter",
                "incoming/" + "x".repeat(1016),
                "é".repeat(513));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("hostileKeys")
    void hostileKeysAreRejectedAndWriteNothing(String hostile) throws Exception {
        assertKeyIsRejectedEverywhere(hostile);
    }

    /** Every operation refuses {@code hostile} with {@link InvalidObjectKeyException} and nothing changes. */
    protected void assertKeyIsRejectedEverywhere(String hostile) throws Exception {
        ObjectInfo valid = put("incoming/valid.jpg", "valid");
        Object before = snapshotSurroundings();
        ObjectMover mover = new ObjectMover(store);

        List<Runnable> operations = List.of(
                () -> store.write(hostile, bytes("evil"), JPEG, WriteMode.CREATE_NEW),
                () -> store.write(hostile, bytes("evil"), JPEG, WriteMode.OVERWRITE),
                () -> store.copy("incoming/valid.jpg", valid.generation(), hostile),
                () -> store.copy(hostile, 1, "incoming/copy.jpg"),
                () -> store.stat(hostile),
                () -> store.read(hostile, 100),
                () -> store.delete(hostile, 1),
                () -> store.list(hostile, null, 10),
                () -> mover.step("incoming/valid.jpg", valid.generation(), valid.size(), hostile, () -> { }));
        for (Runnable operation : operations) {
            if (hostile.isEmpty() && operation == operations.get(7)) {
                continue; // the empty prefix legitimately lists everything
            }
            assertThatThrownBy(operation::run).isInstanceOf(InvalidObjectKeyException.class);
        }

        assertThat(snapshotSurroundings()).isEqualTo(before);
        assertThat(ObjectKeys.isSafe(hostile)).isFalse();
    }

    @Test
    void describeNamesTheLocation() {
        assertThat(store.describe()).isNotBlank();
    }

    // ---- helpers ----------------------------------------------------------------------------

    protected ObjectInfo put(String key, String content) {
        return store.write(key, bytes(content), JPEG, WriteMode.CREATE_NEW);
    }

    protected static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    protected static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    protected List<ObjectInfo> listAll(String prefix) {
        List<ObjectInfo> all = new ArrayList<>();
        String token = null;
        do {
            ObjectPage page = store.list(prefix, token, 1000);
            all.addAll(page.objects());
            token = page.nextPageToken();
        } while (token != null);
        return all;
    }

    /** Keys under the prefix, including folder placeholders. */
    protected List<String> keys(String prefix) {
        return listAll(prefix).stream().map(ObjectInfo::key).toList();
    }

    /** Keys of real objects (no folder placeholders) under the prefix. */
    protected List<String> objectKeys(String prefix) {
        return listAll(prefix).stream().filter(o -> !o.isFolderPlaceholder()).map(ObjectInfo::key).toList();
    }

    /** Runs a hook right after the next successful copy, to stage a race. */
    static final class RacingStore extends ForwardingObjectStore {
        @Nullable Consumer<ObjectInfo> afterNextCopy;

        RacingStore(ObjectStore delegate) {
            super(delegate);
        }

        @Override
        public ObjectInfo copy(String sourceKey, long sourceGeneration, String targetKey) {
            ObjectInfo copy = delegate.copy(sourceKey, sourceGeneration, targetKey);
            Consumer<ObjectInfo> hook = afterNextCopy;
            afterNextCopy = null;
            if (hook != null) {
                hook.accept(copy);
            }
            return copy;
        }
    }
}
