package com.returnsorter.storage;

import io.micronaut.core.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLConnection;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * {@link ObjectStore} over a directory: the object {@code incoming/a.jpg} is the file
 * {@code <root>/incoming/a.jpg}.
 *
 * <ul>
 *   <li><b>No overwrite.</b> New content is written to a temp file in {@code <root>/.staging/}
 *       (a name no key may start with), fsynced, then published with {@code link(2)}, which fails
 *       atomically when the target exists. OVERWRITE publishes with an atomic {@code rename(2)}.</li>
 *   <li><b>Generation.</b> Every write stamps the file with a modification time unique within
 *       the JVM (nanoseconds); the generation is a hash of inode, that time and size, so a new
 *       version never repeats an old generation even when the file system reuses the inode.</li>
 *   <li><b>Conditional delete and overwrite</b> run under a lock (a JVM lock plus an advisory
 *       {@code FileLock} on {@code .staging/lock}, so several services sharing the directory
 *       agree), making "check the generation, then unlink" atomic for every writer using this class.</li>
 *   <li><b>Confinement.</b> Keys are checked by {@link ObjectKeys}; resolved paths must stay under
 *       the root; no symbolic link is followed: one inside the tree is not an object, and a key whose
 *       path passes through one is refused.</li>
 *   <li><b>Listing</b> walks the tree, skips {@code .staging}, sorts by {@link ObjectKeys#ORDER}
 *       and uses the last key of a page as the next page token. An <em>empty</em> directory is
 *       reported as a folder placeholder ({@code dir/}, size 0), as Cloud Storage reports the
 *       placeholder objects its console creates; a non-empty directory is not an object.</li>
 *   <li><b>Uploads in progress are left alone.</b> People and tools put photos straight into the
 *       directory ({@code cp}, {@code scp}, SMB, {@code rsync}); a listing does not show a file that
 *       may still be being written, so it is never sorted truncated: under {@value #UPLOADS} (where
 *       uploads land, DESIGN.md) a file modified less than the settle time ago; anywhere, a file or
 *       directory whose name starts with {@code .} (rsync writes {@code .name.XXXXXX} and renames it
 *       when complete) and names ending in {@code .part} or {@code .tmp}. They are listed once they
 *       settle or get their final name. {@code stat} and {@code read} by key are not affected.</li>
 *   <li><b>Content type</b> is not stored; it is guessed from the file extension.</li>
 * </ul>
 */
public final class LocalDirectoryObjectStore implements ObjectStore {

    /** The hidden directory under the root for temp files and the lock; no key may start with it. */
    public static final String STAGING_DIR = ".staging";
    /** The prefix people and tools upload into, whose young files a listing leaves alone. */
    public static final String UPLOADS = "incoming/";

    private static final Logger LOG = LoggerFactory.getLogger(LocalDirectoryObjectStore.class);
    private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();
    private static final AtomicLong LAST_STAMP = new AtomicLong();
    private static final int MAX_SEGMENT_BYTES = 255;
    private static final Duration STALE_TEMP_AGE = Duration.ofDays(1);
    private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final Path root;
    private final Path staging;
    private final Path lockFile;
    private final ReentrantLock jvmLock;
    private final Duration settleTime;
    private final java.time.Clock clock;

    /** Uses (and creates when missing) the directory {@code root}, listing files under {@value #UPLOADS} at once. */
    public LocalDirectoryObjectStore(Path root) {
        this(root, Duration.ZERO);
    }

    /**
     * Uses (and creates when missing) the directory {@code root}; a file under {@value #UPLOADS} is
     * listed once it has been left unchanged for {@code settleTime}.
     */
    public LocalDirectoryObjectStore(Path root, Duration settleTime) {
        this(root, settleTime, java.time.Clock.systemUTC());
    }

    /** As {@link #LocalDirectoryObjectStore(Path, Duration)}, judging "settled" by {@code clock} (tests move it). */
    public LocalDirectoryObjectStore(Path root, Duration settleTime, java.time.Clock clock) {
        if (settleTime.isNegative()) {
            throw new IllegalArgumentException("the settle time cannot be negative: " + settleTime);
        }
        this.settleTime = settleTime;
        this.clock = clock;
        try {
            Files.createDirectories(root);
            this.root = root.toRealPath();
            this.staging = this.root.resolve(STAGING_DIR);
            Files.createDirectories(staging);
            if (Files.isSymbolicLink(staging) || !Files.isDirectory(staging, NO_FOLLOW)) {
                throw new ObjectStoreException(staging + " must be a plain directory", false);
            }
            this.lockFile = staging.resolve("lock");
            if (!Files.exists(lockFile, NO_FOLLOW)) {
                try {
                    Files.createFile(lockFile);
                } catch (FileAlreadyExistsException createdMeanwhile) {
                    // another store on the same root
                }
            }
        } catch (IOException e) {
            throw new ObjectStoreException("cannot use " + root.toAbsolutePath() + " as object store: " + e, e, false);
        }
        this.jvmLock = LOCKS.computeIfAbsent(this.root, r -> new ReentrantLock());
        removeStaleTempFiles();
    }

    /** The absolute, real path of the root directory. */
    public Path root() {
        return root;
    }

    @Override
    public String describe() {
        return root.toString();
    }

    @Override
    public ObjectPage list(String prefix, @Nullable String pageToken, int pageSize) {
        ObjectKeys.requirePrefix(prefix);
        checkNotStaging(prefix);
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1");
        }
        String startKey = ObjectKeys.parent(prefix.endsWith("/") ? prefix + "x" : prefix);
        Path start = startKey.isEmpty() ? root : pathOf(startKey);
        List<ObjectInfo> all = new ArrayList<>();
        try {
            if (!startKey.isEmpty()) {
                checkNoSymlinkUnderRoot(start);
                if (!Files.isDirectory(start, NO_FOLLOW)) {
                    return new ObjectPage(List.of(), null);
                }
            }
            walk(start, prefix, all);
        } catch (IOException e) {
            throw failure("list " + ObjectKeys.escape(prefix), e);
        }
        all.sort((a, b) -> ObjectKeys.ORDER.compare(a.key(), b.key()));
        int from = 0;
        if (pageToken != null) {
            while (from < all.size() && ObjectKeys.ORDER.compare(all.get(from).key(), pageToken) <= 0) {
                from++;
            }
        }
        int to = Math.min(all.size(), from + pageSize);
        List<ObjectInfo> page = all.subList(from, to);
        String next = to < all.size() ? page.get(page.size() - 1).key() : null;
        return new ObjectPage(page, next);
    }

    private void walk(Path start, String prefix, List<ObjectInfo> out) throws IOException {
        Deque<int[]> entryCounts = new ArrayDeque<>();
        Files.walkFileTree(start, EnumSet.noneOf(java.nio.file.FileVisitOption.class), Integer.MAX_VALUE,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        if (!entryCounts.isEmpty()) {
                            entryCounts.peek()[0]++;
                        }
                        if (dir.equals(staging) || (!dir.equals(start) && isHidden(dir))) {
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        entryCounts.push(new int[1]);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        if (!entryCounts.isEmpty()) {
                            entryCounts.peek()[0]++;
                        }
                        if (attrs.isRegularFile() && !isInProgress(file, attrs)) {
                            add(keyOf(file), attrs);
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                        if (e instanceof NoSuchFileException) {
                            return FileVisitResult.CONTINUE; // deleted while we walked
                        }
                        throw e;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path dir, @Nullable IOException e) throws IOException {
                        if (e != null && !(e instanceof NoSuchFileException)) {
                            throw e;
                        }
                        int entries = entryCounts.pop()[0];
                        if (entries == 0 && !dir.equals(root)) {
                            try {
                                add(keyOf(dir) + "/", Files.readAttributes(dir, BasicFileAttributes.class, NO_FOLLOW));
                            } catch (NoSuchFileException gone) {
                                // removed while we walked
                            }
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    private void add(String key, BasicFileAttributes attrs) {
                        if (!key.startsWith(prefix)) {
                            return;
                        }
                        if (!ObjectKeys.isSafe(key)) {
                            LOG.warn("skipping {} under {}: not a valid object key", ObjectKeys.escape(key), root);
                            return;
                        }
                        out.add(info(key, attrs));
                    }
                });
    }

    private static boolean isHidden(Path path) {
        return path.getFileName() != null && path.getFileName().toString().startsWith(".");
    }

    /** A file that may still be being written: a temporary name, or young under the uploads prefix. */
    private boolean isInProgress(Path file, BasicFileAttributes attrs) {
        String name = file.getFileName().toString();
        if (name.startsWith(".") || name.endsWith(".part") || name.endsWith(".tmp")) {
            return true;
        }
        if (settleTime.isZero() || !keyOf(file).startsWith(UPLOADS)) {
            return false;
        }
        Instant settledAt = attrs.lastModifiedTime().toInstant().plus(settleTime);
        if (clock.instant().isBefore(settledAt)) {
            LOG.debug("{} changed less than {} ago; left until it settles", file, settleTime);
            return true;
        }
        return false;
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        Path path = resolve(ObjectKeys.requireKeyOrFolder(key));
        try {
            return statPath(key, path);
        } catch (IOException e) {
            throw failure("stat " + ObjectKeys.escape(key), e);
        }
    }

    @Override
    public StoredObject read(String key, long maxBytes) {
        Path path = resolve(ObjectKeys.requireKeyOrFolder(key));
        try {
            for (int attempt = 0; attempt < 5; attempt++) {
                ObjectInfo before = statPath(key, path)
                        .orElseThrow(() -> new ObjectNotFoundException("no object " + ObjectKeys.escape(key) + " in " + root));
                if (before.size() > maxBytes) {
                    throw new ObjectTooLargeException(key, before.size(), maxBytes);
                }
                if (before.isFolderPlaceholder()) {
                    return new StoredObject(before, new byte[0]);
                }
                byte[] bytes;
                try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                    bytes = readFully(channel, before.size(), maxBytes, key);
                } catch (NoSuchFileException gone) {
                    continue;
                }
                // The channel read the inode that was there when it was opened; the generation
                // being unchanged around the read proves that inode is the version in `before`.
                Optional<ObjectInfo> after = statPath(key, path);
                if (after.isPresent() && after.get().generation() == before.generation()) {
                    return new StoredObject(before, bytes);
                }
            }
            throw new ObjectStoreException("object " + ObjectKeys.escape(key) + " kept changing while being read", true);
        } catch (IOException e) {
            throw failure("read " + ObjectKeys.escape(key), e);
        }
    }

    @Override
    public InputStream openStream(String key, long maxBytes) {
        Path path = resolve(ObjectKeys.requireObjectKey(key));
        try {
            for (int attempt = 0; attempt < 5; attempt++) {
                ObjectInfo before = statPath(key, path)
                        .orElseThrow(() -> new ObjectNotFoundException("no object " + ObjectKeys.escape(key) + " in " + root));
                if (before.size() > maxBytes) {
                    throw new ObjectTooLargeException(key, before.size(), maxBytes);
                }
                FileChannel channel;
                try {
                    channel = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException gone) {
                    continue;
                }
                // As in read(): an unchanged generation after opening proves the open file is that version;
                // a new version is a new file, so this one stays as it is while it is streamed.
                Optional<ObjectInfo> after = statPath(key, path);
                if (after.isPresent() && after.get().generation() == before.generation()) {
                    return new CappedInputStream(Channels.newInputStream(channel), key, maxBytes);
                }
                channel.close();
            }
            throw new ObjectStoreException("object " + ObjectKeys.escape(key) + " kept changing while being opened", true);
        } catch (IOException e) {
            throw failure("read " + ObjectKeys.escape(key), e);
        }
    }

    /** Computed from the file (CRC32C and MD5 in one pass), checked to be the version asked for. */
    @Override
    public Optional<Checksum> checksum(String key, long generation) {
        Path path = resolve(ObjectKeys.requireObjectKey(key));
        try {
            Optional<ObjectInfo> before = statPath(key, path);
            if (before.isEmpty() || before.get().generation() != generation) {
                return Optional.empty();
            }
            Checksum checksum;
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                 InputStream in = Channels.newInputStream(channel)) {
                checksum = Checksum.of(in);
            } catch (NoSuchFileException gone) {
                return Optional.empty();
            }
            // As in read(): the generation unchanged around the read proves the bytes were that version's.
            return statPath(key, path).filter(after -> after.generation() == generation).map(after -> checksum);
        } catch (IOException e) {
            throw failure("checksum " + ObjectKeys.escape(key), e);
        }
    }

    @Override
    public ObjectInfo write(String key, byte[] bytes, String contentType, WriteMode mode) {
        Path target = resolve(ObjectKeys.requireObjectKey(key));
        Path temp = null;
        try {
            temp = stage(bytes);
            return publish(key, temp, target, mode);
        } catch (IOException e) {
            throw failure("write " + ObjectKeys.escape(key), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    @Override
    public ObjectInfo replace(String key, byte[] bytes, String contentType, long expectedGeneration) {
        Path target = resolve(ObjectKeys.requireObjectKey(key));
        Path temp = null;
        try {
            temp = stage(bytes);
            Path staged = temp;
            ObjectInfo info = info(key, Files.readAttributes(staged, BasicFileAttributes.class, NO_FOLLOW));
            // Deletes and replacements of this store take the same lock, so check-then-rename is atomic
            // for them; CREATE_NEW cannot race because the key exists while we hold the lock.
            locked(() -> {
                ObjectInfo current = statPath(key, target)
                        .orElseThrow(() -> new ObjectNotFoundException("no object " + ObjectKeys.escape(key) + " in " + root));
                requireGeneration(current, expectedGeneration);
                return Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            });
            fsyncDirectory(target.getParent());
            return info;
        } catch (IOException e) {
            throw failure("replace " + ObjectKeys.escape(key), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    @Override
    public ObjectInfo copy(String sourceKey, long sourceGeneration, String targetKey) {
        Path source = resolve(ObjectKeys.requireObjectKey(sourceKey));
        Path target = resolve(ObjectKeys.requireObjectKey(targetKey));
        Path temp = null;
        try {
            ObjectInfo current = statPath(sourceKey, source)
                    .orElseThrow(() -> new ObjectNotFoundException("no object " + ObjectKeys.escape(sourceKey) + " in " + root));
            requireGeneration(current, sourceGeneration);
            try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                temp = stage(out -> {
                    long position = 0;
                    long size = in.size();
                    while (position < size) {
                        position += in.transferTo(position, size - position, out);
                    }
                });
            } catch (NoSuchFileException gone) {
                throw new ObjectNotFoundException("no object " + ObjectKeys.escape(sourceKey) + " in " + root, gone);
            }
            // Same argument as in read(): unchanged generation around the copy means we copied it.
            requireGeneration(statPath(sourceKey, source)
                    .orElseThrow(() -> new ObjectNotFoundException("object " + ObjectKeys.escape(sourceKey)
                            + " was deleted while being copied")), sourceGeneration);
            return publish(targetKey, temp, target, WriteMode.CREATE_NEW);
        } catch (IOException e) {
            throw failure("copy " + ObjectKeys.escape(sourceKey) + " to " + ObjectKeys.escape(targetKey), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    @Override
    public boolean delete(String key, long generation) {
        Path path = resolve(ObjectKeys.requireKeyOrFolder(key));
        try {
            return locked(() -> {
                Optional<ObjectInfo> current = statPath(key, path);
                if (current.isEmpty() || current.get().generation() != generation) {
                    return false;
                }
                try {
                    Files.delete(path);
                    return true;
                } catch (NoSuchFileException | DirectoryNotEmptyException changed) {
                    return false;
                }
            });
        } catch (IOException e) {
            throw failure("delete " + ObjectKeys.escape(key), e);
        }
    }

    // ---- writing ----------------------------------------------------------------------------

    private interface ChannelWriter {
        void writeTo(FileChannel channel) throws IOException;
    }

    private interface IoAction<T> {
        T run() throws IOException;
    }

    private Path stage(byte[] bytes) throws IOException {
        return stage(channel -> {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        });
    }

    /** Writes a new temp file in the staging directory, stamped and fsynced, and returns its path. */
    private Path stage(ChannelWriter writer) throws IOException {
        Path temp = staging.resolve(UUID.randomUUID() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            writer.writeTo(channel);
            Files.setLastModifiedTime(temp, FileTime.from(uniqueStamp()));
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
        return temp;
    }

    private ObjectInfo publish(String key, Path temp, Path target, WriteMode mode) throws IOException {
        createParentDirectories(key, target);
        ObjectInfo info = info(key, Files.readAttributes(temp, BasicFileAttributes.class, NO_FOLLOW));
        if (mode == WriteMode.CREATE_NEW) {
            try {
                Files.createLink(target, temp);
            } catch (FileAlreadyExistsException e) {
                throw new ObjectAlreadyExistsException("object " + ObjectKeys.escape(key) + " already exists in " + root, e);
            }
        } else {
            locked(() -> {
                if (Files.isDirectory(target, NO_FOLLOW)) {
                    throw new ObjectStoreException("cannot write " + ObjectKeys.escape(key)
                            + ": a directory of that name holds other objects", false);
                }
                return Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            });
        }
        fsyncDirectory(target.getParent());
        return info;
    }

    private void createParentDirectories(String key, Path target) throws IOException {
        Path parent = target.getParent();
        checkNoSymlinkUnderRoot(parent);
        try {
            Files.createDirectories(parent);
        } catch (FileAlreadyExistsException e) {
            throw new ObjectStoreException("cannot write " + ObjectKeys.escape(key)
                    + ": a parent folder of it is an object (a local directory cannot be both)", e, false);
        }
        checkNoSymlinkUnderRoot(parent);
    }

    private <T> T locked(IoAction<T> action) throws IOException {
        jvmLock.lock();
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            return action.run();
        } finally {
            jvmLock.unlock();
        }
    }

    private static Instant uniqueStamp() {
        Instant now = Instant.now();
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        long stamp = LAST_STAMP.accumulateAndGet(nanos, (last, candidate) -> Math.max(last + 1, candidate));
        return Instant.ofEpochSecond(stamp / 1_000_000_000L, stamp % 1_000_000_000L);
    }

    // ---- paths and metadata -----------------------------------------------------------------

    /** The path of an already validated key, confined to the root. */
    private Path resolve(String key) {
        checkNotStaging(key);
        for (String segment : key.split("/")) {
            if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
                throw new InvalidObjectKeyException("key " + ObjectKeys.escape(key) + " has a segment over "
                        + MAX_SEGMENT_BYTES + " UTF-8 bytes, which a local file system cannot store");
            }
        }
        Path path = pathOf(key);
        if (!path.startsWith(root) || path.equals(root) || path.startsWith(staging)) {
            throw new InvalidObjectKeyException("key " + ObjectKeys.escape(key) + " resolves outside " + root);
        }
        return path;
    }

    private Path pathOf(String key) {
        String body = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
        return root.resolve(body).normalize();
    }

    private static void checkNotStaging(String keyOrPrefix) {
        if (keyOrPrefix.equals(STAGING_DIR) || keyOrPrefix.startsWith(STAGING_DIR + "/")) {
            throw new InvalidObjectKeyException(ObjectKeys.escape(keyOrPrefix) + " is reserved: the local store keeps"
                    + " temp files under " + STAGING_DIR + "/");
        }
    }

    /** Refuses a path if it or any directory between it and the root is a symbolic link. */
    private void checkNoSymlinkUnderRoot(Path path) {
        for (Path p = path; p != null && !p.equals(root); p = p.getParent()) {
            if (!p.startsWith(root)) {
                throw new InvalidObjectKeyException(p + " is outside " + root);
            }
            if (Files.isSymbolicLink(p)) {
                throw new ObjectStoreException("refusing to follow the symbolic link " + p + " under " + root, false);
            }
        }
    }

    private Optional<ObjectInfo> statPath(String key, Path path) throws IOException {
        checkNoSymlinkUnderRoot(path.getParent());
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class, NO_FOLLOW);
        } catch (NoSuchFileException | java.nio.file.NotDirectoryException e) {
            return Optional.empty();
        }
        if (key.endsWith("/")) {
            if (!attrs.isDirectory() || !isEmptyDirectory(path)) {
                return Optional.empty();
            }
        } else if (!attrs.isRegularFile()) {
            return Optional.empty();
        }
        return Optional.of(info(key, attrs));
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private String keyOf(Path path) {
        StringBuilder key = new StringBuilder();
        for (Path part : root.relativize(path)) {
            if (key.length() > 0) {
                key.append('/');
            }
            key.append(part);
        }
        return key.toString();
    }

    private static ObjectInfo info(String key, BasicFileAttributes attrs) {
        long size = attrs.isDirectory() ? 0 : attrs.size();
        Instant modified = attrs.lastModifiedTime().toInstant();
        long nanos = modified.getEpochSecond() * 1_000_000_000L + modified.getNano();
        Object fileKey = attrs.fileKey();
        long generation = mix(mix(mix(0x9E3779B97F4A7C15L ^ (fileKey == null ? 0 : fileKey.toString().hashCode()))
                ^ nanos) ^ size) & Long.MAX_VALUE;
        String contentType = key.endsWith("/") ? null : URLConnection.guessContentTypeFromName(ObjectKeys.fileName(key));
        return new ObjectInfo(key, size, generation == 0 ? 1 : generation, contentType, modified);
    }

    /** A 64-bit finalizer (from SplitMix64) so nearby inputs give unrelated generations. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static void requireGeneration(ObjectInfo current, long expected) {
        if (current.generation() != expected) {
            throw new PreconditionFailedException("object " + ObjectKeys.escape(current.key()) + " is at generation "
                    + current.generation() + ", not " + expected);
        }
    }

    private static byte[] readFully(FileChannel channel, long expectedSize, long maxBytes, String key) throws IOException {
        long limit = Math.min(maxBytes, Integer.MAX_VALUE - 16L);
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(expectedSize, limit) + 1);
        while (true) {
            if (!buffer.hasRemaining()) {
                if (buffer.capacity() > limit) {
                    throw new ObjectTooLargeException(key, channel.size(), maxBytes);
                }
                ByteBuffer bigger = ByteBuffer.allocate((int) Math.min(limit + 1, buffer.capacity() * 2L));
                buffer.flip();
                bigger.put(buffer);
                buffer = bigger;
            }
            if (channel.read(buffer) < 0) {
                break;
            }
        }
        byte[] bytes = new byte[buffer.position()];
        buffer.flip().get(bytes);
        return bytes;
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException notSupported) {
            // not every platform can fsync a directory; the file itself is already durable
        }
    }

    private static void deleteQuietly(@Nullable Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                LOG.warn("could not delete temp file {}", path, e);
            }
        }
    }

    private void removeStaleTempFiles() {
        Instant cutoff = Instant.now().minus(STALE_TEMP_AGE);
        try (Stream<Path> entries = Files.list(staging)) {
            entries.filter(p -> p.getFileName().toString().endsWith(".tmp")).forEach(p -> {
                try {
                    if (Files.getLastModifiedTime(p, NO_FOLLOW).toInstant().isBefore(cutoff)) {
                        Files.deleteIfExists(p);
                    }
                } catch (IOException e) {
                    LOG.debug("could not remove stale temp file {}", p, e);
                }
            });
        } catch (IOException e) {
            LOG.warn("could not clean {}", staging, e);
        }
    }

    private ObjectStoreException failure(String action, IOException e) {
        boolean permanent = e instanceof AccessDeniedException
                || (e instanceof FileSystemException fse && fse.getReason() != null
                && fse.getReason().contains("File name too long"));
        return new ObjectStoreException("could not " + action + " in " + root + ": " + e, e, !permanent);
    }
}
