package com.returnsorter.inference;

import javax.imageio.IIOException;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * The uploaded bytes as an {@link javax.imageio.stream.ImageInputStream}, read in place (ImageIO's
 * own memory-cache stream would copy them), that fails every read once the decode's deadline has
 * passed: a reader that ignores {@link javax.imageio.ImageReader#abort()} still stops at its next read.
 */
final class DeadlineImageInputStream extends ImageInputStreamImpl {

    /** Thrown by a read after the deadline; readers pass it up (possibly wrapped). */
    static final class DeadlineExceeded extends IIOException {
        DeadlineExceeded() {
            super("the decode deadline has passed");
        }
    }

    private final byte[] data;
    private final long deadlineNanos;

    DeadlineImageInputStream(byte[] data, long deadlineNanos) {
        this.data = data;
        this.deadlineNanos = deadlineNanos;
    }

    boolean expired() {
        return System.nanoTime() - deadlineNanos >= 0;
    }

    @Override
    public int read() throws DeadlineExceeded {
        checkDeadline();
        bitOffset = 0;
        if (streamPos >= data.length) {
            return -1;
        }
        return data[(int) streamPos++] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws DeadlineExceeded {
        checkDeadline();
        if (offset < 0 || length < 0 || offset + length > buffer.length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + ", buffer " + buffer.length);
        }
        bitOffset = 0;
        if (length == 0) {
            return 0;
        }
        if (streamPos >= data.length) {
            return -1;
        }
        int count = (int) Math.min(length, data.length - streamPos);
        System.arraycopy(data, (int) streamPos, buffer, offset, count);
        streamPos += count;
        return count;
    }

    @Override
    public long length() {
        return data.length;
    }

    @Override
    public boolean isCached() {
        return true;
    }

    @Override
    public boolean isCachedMemory() {
        return true;
    }

    private void checkDeadline() throws DeadlineExceeded {
        if (expired()) {
            throw new DeadlineExceeded();
        }
    }
}
