package com.returnsorter.report.history;

import com.google.api.core.ApiFuture;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for a Firestore call the one way the report function's stores do: bounded, and unavailability as one exception. */
public final class FirestoreCalls {

    private FirestoreCalls() {
    }

    /**
     * The call's result, within {@code timeout}.
     *
     * @throws HistoryUnavailableException when Firestore fails, does not answer in time, or the thread is interrupted
     */
    public static <T> T await(ApiFuture<T> future, Duration timeout, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HistoryUnavailableException("interrupted: " + what, e);
        } catch (ExecutionException e) {
            throw new HistoryUnavailableException("Firestore failed to " + what + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new HistoryUnavailableException("Firestore did not answer within " + timeout + " to " + what, e);
        }
    }
}
