package com.returnsorter.predict;

import com.returnsorter.storage.ObjectStore;
import com.returnsorter.storage.ObjectStoreException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Whether the object store answers, for {@code /health}: {@code {"object": key}} requests fail
 * while it does not. One metadata read of the object folder ({@link ObjectStore#stat}), remembered
 * for a few seconds so health probes do not become store traffic.
 */
@Singleton
public class StoreProbe {

    private static final Logger LOG = LoggerFactory.getLogger(StoreProbe.class);
    private static final Duration REMEMBER = Duration.ofSeconds(10);

    private final ObjectStore store;
    private final String folder;
    private volatile long checkedAtNanos;
    private volatile boolean reachable;

    public StoreProbe(ObjectStore store, PredictConfiguration configuration) {
        this.store = store;
        this.folder = configuration.objectPrefix();
    }

    public boolean reachable() {
        long now = System.nanoTime();
        if (checkedAtNanos == 0 || now - checkedAtNanos > REMEMBER.toNanos()) {
            reachable = probe();
            checkedAtNanos = now == 0 ? 1 : now;
        }
        return reachable;
    }

    private boolean probe() {
        try {
            store.stat(folder);
            return true;
        } catch (ObjectStoreException | IllegalStateException e) {
            LOG.warn("The object store {} does not answer: {}", store.describe(), e.getMessage());
            return false;
        }
    }
}
