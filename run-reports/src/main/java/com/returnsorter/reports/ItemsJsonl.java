package com.returnsorter.reports;

import io.micronaut.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A run's per-photo records as JSON Lines, {@code reports/<runId>/items.jsonl}: one
 * {@link ItemResult} as a JSON object per line, in the run's order. This is the machine contract
 * between the batch and the report function (which ingests it as a stream); {@code results.csv} is
 * the same content for people.
 */
public final class ItemsJsonl {

    /** The media type of JSON Lines. */
    public static final String CONTENT_TYPE = "application/jsonl";
    /** No record of the batch comes near this; a longer line is not one of its records. */
    public static final int MAX_LINE_BYTES = 256 * 1024;

    private ItemsJsonl() {
    }

    /** Writes one record per line to {@code out}; the caller closes the writer, which closes nothing else. */
    public static Writer writer(OutputStream out, JsonMapper json) {
        return new Writer(out, json);
    }

    /**
     * Reads the records of {@code in} one line at a time, never holding more than one line; blank lines
     * are skipped. {@link MalformedItemsException} from {@code hasNext()} or {@code next()} names the line.
     */
    public static Iterator<ItemResult> reader(InputStream in, JsonMapper json) {
        return new Reader(in, json);
    }

    /** A line that is not a record of this format. */
    public static final class MalformedItemsException extends RuntimeException {
        public MalformedItemsException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Appends records, one a line. */
    public static final class Writer implements Closeable {
        private final OutputStream out;
        private final JsonMapper json;

        private Writer(OutputStream out, JsonMapper json) {
            this.out = out;
            this.json = json;
        }

        public void write(ItemResult item) {
            try {
                out.write(json.writeValueAsBytes(item));
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }

    private static final class Reader implements Iterator<ItemResult> {
        private final InputStream in;
        private final JsonMapper json;
        private ItemResult next;
        private long line;
        private boolean ended;

        Reader(InputStream in, JsonMapper json) {
            this.in = new java.io.BufferedInputStream(in);
            this.json = json;
        }

        @Override
        public boolean hasNext() {
            while (next == null && !ended) {
                byte[] bytes = readLine();
                if (bytes == null) {
                    ended = true;
                } else if (!new String(bytes, StandardCharsets.UTF_8).isBlank()) {
                    try {
                        next = json.readValue(bytes, ItemResult.class);
                    } catch (IOException | RuntimeException e) {
                        throw new MalformedItemsException("line " + line + " is not an item record: " + e.getMessage(), e);
                    }
                    if (next == null) {
                        throw new MalformedItemsException("line " + line + " is empty JSON", null);
                    }
                }
            }
            return next != null;
        }

        @Override
        public ItemResult next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            ItemResult item = next;
            next = null;
            return item;
        }

        /** The next line without its end, or null at the end of the stream. */
        private byte[] readLine() {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            try {
                int b;
                while ((b = in.read()) >= 0 && b != '\n') {
                    if (buffer.size() >= MAX_LINE_BYTES) {
                        throw new MalformedItemsException("line " + (line + 1) + " is longer than " + MAX_LINE_BYTES
                                + " bytes", null);
                    }
                    buffer.write(b);
                }
                if (b < 0 && buffer.size() == 0) {
                    return null;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            line++;
            return buffer.toByteArray();
        }
    }
}
