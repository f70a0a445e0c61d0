package com.returnsorter.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A stream of one object that fails with {@link ObjectTooLargeException} as soon as more than
 * {@code maxBytes} have been read, so a reader never holds or walks through more than it allowed,
 * even when the object grew or its recorded size was wrong.
 */
final class CappedInputStream extends FilterInputStream {

    private final String key;
    private final long maxBytes;
    private long read;

    CappedInputStream(InputStream in, String key, long maxBytes) {
        super(in);
        this.key = key;
        this.maxBytes = maxBytes;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        count(skipped);
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void count(long n) {
        read += n;
        if (read > maxBytes) {
            throw new ObjectTooLargeException(key, read, maxBytes);
        }
    }
}
