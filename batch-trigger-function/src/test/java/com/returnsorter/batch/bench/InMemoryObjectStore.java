package com.returnsorter.batch.bench;

import com.returnsorter.storage.Checksum;
import com.returnsorter.storage.ObjectAlreadyExistsException;
import com.returnsorter.storage.ObjectInfo;
import com.returnsorter.storage.ObjectKeys;
import com.returnsorter.storage.ObjectNotFoundException;
import com.returnsorter.storage.ObjectPage;
import com.returnsorter.storage.ObjectStore;
import com.returnsorter.storage.ObjectTooLargeException;
import com.returnsorter.storage.PreconditionFailedException;
import com.returnsorter.storage.StoredObject;
import com.returnsorter.storage.WriteMode;
import io.micronaut.core.annotation.Nullable;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The object-store port in memory, for the orchestration benchmark only (never deployed): a sorted map
 * of keys to versions with the port's guarantees (create-if-absent, compare-and-set on the generation,
 * copy and delete of an exact generation) made atomic by {@link ConcurrentSkipListMap#compute}. Objects
 * written with the same byte array share it, so a million photos cost only their keys and versions.
 */
public final class InMemoryObjectStore implements ObjectStore {

    private record Version(ObjectInfo info, byte[] bytes, Checksum checksum) {
    }

    private final ConcurrentSkipListMap<String, Version> objects = new ConcurrentSkipListMap<>(ObjectKeys.ORDER);
    private final AtomicLong generations = new AtomicLong(1);
    private final Instant seeded = Instant.now();

    /** Puts {@code count} objects {@code prefix + name(i)} holding {@code bytes} (one shared array), as an upload would. */
    public void seed(String prefix, int count, java.util.function.IntFunction<String> name, byte[] bytes,
                     String contentType) {
        Checksum checksum = Checksum.of(bytes);
        for (int i = 0; i < count; i++) {
            String key = prefix + name.apply(i);
            objects.put(key, new Version(new ObjectInfo(key, bytes.length, generations.getAndIncrement(), contentType,
                    seeded), bytes, checksum));
        }
    }

    public int size() {
        return objects.size();
    }

    /** How many objects are under {@code prefix}. */
    public int count(String prefix) {
        return objects.subMap(prefix, true, prefix + Character.MAX_VALUE, false).size();
    }

    /**
     * Objects and bytes held, by the first two segments of the key ({@code state/journal/}), largest first:
     * what of the heap is the store's (in production, the bucket's) rather than the service's.
     */
    public String breakdown() {
        java.util.Map<String, long[]> byPrefix = new java.util.TreeMap<>();
        java.util.Set<byte[]> counted = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (var entry : objects.entrySet()) {
            String[] parts = entry.getKey().split("/", 3);
            String prefix = parts.length > 2 ? parts[0] + "/" + parts[1] + "/" : parts[0] + "/";
            long[] sums = byPrefix.computeIfAbsent(prefix, p -> new long[2]);
            sums[0]++;
            if (counted.add(entry.getValue().bytes())) {
                sums[1] += entry.getValue().bytes().length;
            }
        }
        StringBuilder out = new StringBuilder();
        byPrefix.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
                .forEach(e -> out.append(String.format(java.util.Locale.ROOT, "  %-28s %8d objects %8.1f MB of content%n",
                        e.getKey(), e.getValue()[0], e.getValue()[1] / 1048576.0)));
        return out.toString();
    }

    @Override
    public ObjectPage list(String prefix, @Nullable String pageToken, int pageSize) {
        ObjectKeys.requirePrefix(prefix);
        if (pageSize < 1) {
            throw new IllegalArgumentException("page size " + pageSize);
        }
        var tail = pageToken == null ? objects.tailMap(prefix, true) : objects.tailMap(pageToken, false);
        List<ObjectInfo> page = new ArrayList<>(Math.min(pageSize, 1000));
        String last = null;
        for (var entry : tail.entrySet()) {
            if (!entry.getKey().startsWith(prefix)) {
                break;
            }
            if (page.size() == pageSize) {
                return new ObjectPage(page, last);
            }
            page.add(entry.getValue().info());
            last = entry.getKey();
        }
        return new ObjectPage(page, null);
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        ObjectKeys.requireKeyOrFolder(key);
        return Optional.ofNullable(objects.get(key)).map(Version::info);
    }

    @Override
    public StoredObject read(String key, long maxBytes) {
        Version version = current(key);
        if (version.bytes().length > maxBytes) {
            throw new ObjectTooLargeException(key, version.bytes().length, maxBytes);
        }
        return new StoredObject(version.info(), version.bytes().clone());
    }

    @Override
    public InputStream openStream(String key, long maxBytes) {
        return new ByteArrayInputStream(read(key, maxBytes).bytes());
    }

    @Override
    public ObjectInfo write(String key, byte[] bytes, String contentType, WriteMode mode) {
        ObjectKeys.requireObjectKey(key);
        byte[] copy = bytes.clone();
        Version written = objects.compute(key, (k, old) -> {
            if (old != null && mode == WriteMode.CREATE_NEW) {
                throw new ObjectAlreadyExistsException("object " + ObjectKeys.escape(k) + " exists");
            }
            return version(k, copy, contentType);
        });
        return written.info();
    }

    @Override
    public ObjectInfo replace(String key, byte[] bytes, String contentType, long expectedGeneration) {
        ObjectKeys.requireObjectKey(key);
        byte[] copy = bytes.clone();
        Version written = objects.compute(key, (k, old) -> {
            if (old == null) {
                throw new ObjectNotFoundException("no object " + ObjectKeys.escape(k));
            }
            if (old.info().generation() != expectedGeneration) {
                throw new PreconditionFailedException("object " + ObjectKeys.escape(k) + " has generation "
                        + old.info().generation() + ", not " + expectedGeneration);
            }
            return version(k, copy, contentType);
        });
        return written.info();
    }

    @Override
    public ObjectInfo copy(String sourceKey, long sourceGeneration, String targetKey) {
        ObjectKeys.requireObjectKey(targetKey);
        Version source = current(sourceKey);
        if (source.info().generation() != sourceGeneration) {
            throw new PreconditionFailedException("object " + ObjectKeys.escape(sourceKey) + " has generation "
                    + source.info().generation() + ", not " + sourceGeneration);
        }
        Version written = objects.compute(targetKey, (k, old) -> {
            if (old != null) {
                throw new ObjectAlreadyExistsException("object " + ObjectKeys.escape(k) + " exists");
            }
            return new Version(new ObjectInfo(k, source.bytes().length, generations.getAndIncrement(),
                    source.info().contentType(), Instant.now()), source.bytes(), source.checksum());
        });
        return written.info();
    }

    @Override
    public boolean delete(String key, long generation) {
        ObjectKeys.requireObjectKey(key);
        boolean[] deleted = {false};
        objects.computeIfPresent(key, (k, old) -> {
            if (old.info().generation() != generation) {
                return old;
            }
            deleted[0] = true;
            return null;
        });
        return deleted[0];
    }

    @Override
    public Optional<Checksum> checksum(String key, long generation) {
        ObjectKeys.requireObjectKey(key);
        Version version = objects.get(key);
        return version == null || version.info().generation() != generation
                ? Optional.empty() : Optional.of(version.checksum());
    }

    @Override
    public String describe() {
        return "memory:benchmark";
    }

    private Version current(String key) {
        ObjectKeys.requireObjectKey(key);
        Version version = objects.get(key);
        if (version == null) {
            throw new ObjectNotFoundException("no object " + ObjectKeys.escape(key));
        }
        return version;
    }

    private Version version(String key, byte[] bytes, String contentType) {
        return new Version(new ObjectInfo(key, bytes.length, generations.getAndIncrement(), contentType, Instant.now()),
                bytes, Checksum.of(bytes));
    }
}
