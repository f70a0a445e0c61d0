package com.returnsorter.batch.bench;

import com.returnsorter.batch.predict.ObjectReference;
import com.returnsorter.batch.predict.PredictApi;
import com.returnsorter.batch.predict.PredictionResult;
import com.returnsorter.storage.ObjectStore;
import com.returnsorter.storage.ObjectStoreFactory;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * With {@code bench.in-memory=true} (the orchestration benchmark only), the batch works on one
 * {@link InMemoryObjectStore} and asks an in-process predict that answers at once: what is left to
 * measure is the engine's own work per photo (listing, planning, shards, leases, claims, moves,
 * journals, reports).
 */
@Factory
@Requires(property = "bench.in-memory", value = "true")
public class BenchmarkBeans {

    /** The store the benchmark seeded before starting the context. */
    public static volatile InMemoryObjectStore store;

    @Singleton
    @Replaces(bean = ObjectStore.class, factory = ObjectStoreFactory.class)
    ObjectStore memoryStore() {
        return store;
    }

    @Singleton
    @Replaces(PredictApi.class)
    PredictApi instantPredict() {
        return new InstantPredict(store);
    }

    /**
     * Answers as the predict function does for an object it can read (a confident {@code Shirt}), and
     * with no result (the declarative client's 404) for one that is not there.
     */
    static final class InstantPredict implements PredictApi {

        private static final PredictionResult.Model MODEL = new PredictionResult.Model("stub", "1");
        private static final Map<String, Double> ALL = Map.of("Shirt", 0.93, "Coat", 0.03);

        private final ObjectStore store;

        InstantPredict(ObjectStore store) {
            this.store = store;
        }

        @Override
        public PredictionResult predict(ObjectReference object, @Nullable String apiKey) {
            if (store.stat(object.object()).isEmpty()) {
                return null;
            }
            return new PredictionResult("Shirt", 0.93, ALL, MODEL, null);
        }

        @Override
        public String health() {
            return "{\"status\":\"UP\",\"model_loaded\":true}";
        }
    }
}
