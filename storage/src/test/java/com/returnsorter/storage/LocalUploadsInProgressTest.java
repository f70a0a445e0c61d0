package com.returnsorter.storage;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Photos people copy straight into the local store's {@code incoming/} (cp, scp, SMB, rsync) are not
 * listed while they may still be being written (issue 16, §6), so the nightly sort never takes a
 * truncated photo. The settle time is judged on a clock the test sets; the file is really written.
 */
class LocalUploadsInProgressTest {

    private static final Duration SETTLE = Duration.ofSeconds(5);

    @TempDir
    Path root;

    private final SetClock clock = new SetClock();
    private LocalDirectoryObjectStore store;

    @BeforeEach
    void createStore() {
        store = new LocalDirectoryObjectStore(root, SETTLE, clock);
    }

    @Test
    void aPhotoBeingWrittenIsListedOnlyOnceItHasBeenLeftAloneForTheSettleTime() throws Exception {
        Path file = Files.createDirectories(root.resolve("incoming")).resolve("big.jpg");
        try (FileChannel writer = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            writer.write(ByteBuffer.wrap(new byte[4096]));
            writer.force(true);
            Instant firstWrite = modified(file);
            clock.set(firstWrite.plusSeconds(1));
            assertThat(keys()).as("1 s after the first bytes").isEmpty();

            Thread.sleep(20); // the writer goes on a moment later (file times have a coarse tick)
            writer.write(ByteBuffer.wrap(new byte[4096]));
            writer.force(true);
            assertThat(modified(file)).isAfter(firstWrite);
            clock.set(firstWrite.plus(SETTLE));
            assertThat(keys()).as("settled since the first write, not since the last").isEmpty();

            clock.set(modified(file).plus(SETTLE).minusMillis(1));
            assertThat(keys()).as("just under the settle time").isEmpty();
        }
        clock.set(modified(file).plus(SETTLE));

        assertThat(store.list("incoming/", null, 10).objects()).singleElement()
                .satisfies(info -> assertThat(info.size()).isEqualTo(8192));
    }

    @Test
    void temporaryNamesAreNeverListedAndTheFinishedNameIs() throws Exception {
        clock.set(Instant.now().plus(Duration.ofHours(1))); // everything written below has settled
        put("incoming/.return_17.jpg.Xa91Qz", "rsync, still writing");
        put("incoming/return_18.jpg.part", "a browser download");
        put("incoming/return_19.jpg.tmp", "an editor's save");
        put("incoming/.DS_Store", "Finder");
        put("incoming/.sync/return_20.jpg", "a sync tool's working folder");
        put("incoming/return_16.jpg", "complete");

        assertThat(keys()).containsExactly("incoming/return_16.jpg");

        // rsync renames its temporary to the final name when the file is complete
        Files.move(root.resolve("incoming/.return_17.jpg.Xa91Qz"), root.resolve("incoming/return_17.jpg"));
        assertThat(keys()).containsExactly("incoming/return_16.jpg", "incoming/return_17.jpg");
    }

    @Test
    void onlyUploadsWaitForTheSettleTime() {
        clock.set(Instant.now()); // nothing below has settled
        store.write("state/claims/abc-1.json", "{}".getBytes(), "application/json", WriteMode.CREATE_NEW);
        store.write("reports/r1/summary.json", "{}".getBytes(), "application/json", WriteMode.CREATE_NEW);
        store.write("incoming/fresh.jpg", new byte[10], "image/jpeg", WriteMode.CREATE_NEW);

        assertThat(store.list("", null, 10).objects()).extracting(ObjectInfo::key)
                .containsExactly("reports/r1/summary.json", "state/claims/abc-1.json");
        assertThat(store.stat("incoming/fresh.jpg")).as("by key it is there").isPresent();
        assertThat(new LocalDirectoryObjectStore(root).list("incoming/", null, 10).objects())
                .as("with no settle time").hasSize(1);
    }

    private java.util.List<String> keys() {
        return store.list("incoming/", null, 100).objects().stream().map(ObjectInfo::key).toList();
    }

    private void put(String key, String content) throws IOException {
        Path file = root.resolve(key);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static Instant modified(Path file) throws IOException {
        FileTime time = Files.getLastModifiedTime(file);
        return time.toInstant();
    }

    /** A clock the test sets. */
    private static final class SetClock extends Clock {
        private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());

        void set(Instant instant) {
            now.set(instant);
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
