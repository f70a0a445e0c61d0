package com.returnsorter.storage;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ChecksumTest {

    private static final byte[] CHECK = "123456789".getBytes(StandardCharsets.US_ASCII);

    @Test
    void crc32cAndMd5AreInTheFormCloudStorageKeeps() throws Exception {
        // CRC32C("123456789") = 0xE3069283 (RFC 3720, B.4), big-endian and base64 as in an object's crc32c field.
        Checksum checksum = Checksum.of(new ByteArrayInputStream(CHECK));

        assertThat(checksum.crc32c()).isEqualTo("4waSgw==");
        assertThat(checksum.md5()).isEqualTo("JfnnlDI7RTiF9RgfG2JNCw==");
        assertThat(Checksum.of(CHECK)).isEqualTo(checksum);
    }

    @Test
    void anMd5OnOneSideOnlyDoesNotDecideButADifferentOneDoes() {
        Checksum full = Checksum.of(CHECK);
        Checksum composite = new Checksum(full.crc32c(), null);

        assertThat(composite.sameContentAs(full)).isTrue();
        assertThat(full.sameContentAs(new Checksum(full.crc32c(), "AAAAAAAAAAAAAAAAAAAAAA=="))).isFalse();
        assertThat(full.sameContentAs(Checksum.of("12345678X".getBytes(StandardCharsets.US_ASCII)))).isFalse();
    }
}
