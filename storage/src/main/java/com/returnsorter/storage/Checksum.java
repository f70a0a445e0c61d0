package com.returnsorter.storage;

import io.micronaut.core.annotation.Nullable;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * What an object version holds, in the form Cloud Storage keeps for every object: the CRC32C
 * (big-endian, base64, as {@code gsutil hash} prints it) and, for objects not made by composition,
 * the MD5 (base64). Two versions of the same size whose checksums agree hold the same bytes, which
 * tells a copy from another photo of the same name without downloading either.
 *
 * @param crc32c base64 of the 4-byte big-endian CRC32C
 * @param md5    base64 of the MD5, or null when the store has none (composite Cloud Storage objects)
 */
public record Checksum(String crc32c, @Nullable String md5) {

    private static final int BUFFER = 64 * 1024;

    public Checksum {
        Objects.requireNonNull(crc32c, "crc32c");
    }

    /**
     * True when both sides describe the same bytes: the CRC32C agrees, and so does the MD5 when
     * both have one. Compare sizes as well; a CRC32C alone is 32 bits.
     */
    public boolean sameContentAs(Checksum other) {
        if (!crc32c.equals(other.crc32c)) {
            return false;
        }
        return md5 == null || other.md5 == null || md5.equals(other.md5);
    }

    /** The checksum of everything {@code in} yields; the caller closes the stream. */
    public static Checksum of(InputStream in) throws IOException {
        CRC32C crc = new CRC32C();
        MessageDigest md5 = newMd5();
        byte[] buffer = new byte[BUFFER];
        int read;
        while ((read = in.read(buffer)) >= 0) {
            crc.update(buffer, 0, read);
            md5.update(buffer, 0, read);
        }
        return new Checksum(encodeCrc32c(crc.getValue()), Base64.getEncoder().encodeToString(md5.digest()));
    }

    /** The checksum of {@code bytes}. */
    public static Checksum of(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return new Checksum(encodeCrc32c(crc.getValue()), Base64.getEncoder().encodeToString(newMd5().digest(bytes)));
    }

    private static String encodeCrc32c(long value) {
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) value).array());
    }

    private static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }
}
