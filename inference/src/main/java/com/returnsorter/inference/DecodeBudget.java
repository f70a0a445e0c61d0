package com.returnsorter.inference;

import com.returnsorter.inference.ImageRejectedException.Reason;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The memory one request's decodes may hold at once, shared by all its images (a {@code /predict_batch}
 * creates one with {@link ImageDecoder#newRequestBudget()} and passes it to every decode).
 *
 * <p>A decode reserves the heap its header says it needs ({@link ImageHeader#heapBytes()}) before the
 * reader runs, and is refused ({@code too-large}) when the reservation would exceed the budget. When it
 * finishes it gives back everything but the pixels it returns; those stay reserved until the caller
 * {@link #release(DecodedImage) releases} the image (after preprocessing, once only the tensor is kept).
 * A caller that never releases still cannot hold more than the budget of decoded pixels. Thread-safe.
 */
public final class DecodeBudget {

    private final long maxBytes;
    private final Set<DecodedImage> held = Collections.newSetFromMap(new IdentityHashMap<>());
    private long reservedBytes;

    private DecodeBudget(long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("a decode budget must be positive");
        }
        this.maxBytes = maxBytes;
    }

    public static DecodeBudget ofBytes(long maxBytes) {
        return new DecodeBudget(maxBytes);
    }

    /** No request-wide limit; each image is still held to the per-image limits. */
    public static DecodeBudget unlimited() {
        return new DecodeBudget(Long.MAX_VALUE);
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Bytes reserved now by decodes in progress and by images not yet released. */
    public synchronized long reservedBytes() {
        return reservedBytes;
    }

    /** Gives back the pixels of an image this budget decoded; a second release of the same image does nothing. */
    public synchronized void release(DecodedImage image) {
        if (held.remove(image)) {
            reservedBytes -= retainedBytes(image);
        }
    }

    synchronized void reserve(long bytes, String what) throws ImageRejectedException {
        if (bytes > maxBytes - reservedBytes) {
            throw new ImageRejectedException(Reason.TOO_LARGE, "decoding " + what + " needs " + mib(bytes)
                    + " MiB, and this request's images already hold " + mib(reservedBytes) + " of its "
                    + mib(maxBytes) + " MiB; send fewer or smaller images per request");
        }
        reservedBytes += bytes;
    }

    /** Ends a reservation: keeps the returned image's pixels reserved, gives the rest back. */
    synchronized void settle(long reserved, DecodedImage kept) {
        long retained = kept == null ? 0 : Math.min(reserved, retainedBytes(kept));
        reservedBytes -= reserved - retained;
        if (kept != null && retained > 0) {
            held.add(kept);
        }
    }

    static long retainedBytes(DecodedImage image) {
        return image.pixelBytes();
    }

    private static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f", bytes / (1024.0 * 1024.0));
    }
}
