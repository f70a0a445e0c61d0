package com.returnsorter.service.upload;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The request-body bytes the service may hold in memory at once, shared by all requests
 * ({@link UploadLimits#inFlightBodyBudgetMb()}: {@code predict.in-flight-body-budget-mb},
 * {@code workspace.in-flight-body-budget-mb}). A request reserves bytes as they arrive and gives
 * them all back when its response is done; a reservation that does not fit fails at once rather
 * than waiting.
 */
@Singleton
@Requires(beans = UploadLimits.class)
public class UploadBudget {

    private final long capacityBytes;
    private final AtomicLong availableBytes;

    public UploadBudget(UploadLimits configuration) {
        this.capacityBytes = configuration.inFlightBodyBudgetMb() * 1024L * 1024L;
        this.availableBytes = new AtomicLong(capacityBytes);
    }

    /** Takes {@code bytes} from the budget if they fit; never blocks. */
    boolean tryReserve(long bytes) {
        while (true) {
            long available = availableBytes.get();
            if (available < bytes) {
                return false;
            }
            if (availableBytes.compareAndSet(available, available - bytes)) {
                return true;
            }
        }
    }

    void release(long bytes) {
        availableBytes.addAndGet(bytes);
    }

    /** Bytes not reserved by any request now. */
    public long availableBytes() {
        return availableBytes.get();
    }

    public long capacityBytes() {
        return capacityBytes;
    }

    /** One request's share of the budget: reserved chunk by chunk, released once. Thread-safe. */
    Reservation open() {
        return new Reservation();
    }

    final class Reservation {

        private final AtomicLong reserved = new AtomicLong();
        private volatile boolean released;

        /** Adds {@code bytes} to this request's share if they fit in the budget. */
        boolean add(long bytes) {
            if (released || !tryReserve(bytes)) {
                return false;
            }
            reserved.addAndGet(bytes);
            if (released) {
                // Released concurrently (the client went away): hand these back too.
                UploadBudget.this.release(reserved.getAndSet(0));
            }
            return true;
        }

        long reservedBytes() {
            return reserved.get();
        }

        /** Gives everything back; later calls do nothing. */
        void release() {
            released = true;
            UploadBudget.this.release(reserved.getAndSet(0));
        }
    }
}
