package com.returnsorter.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObjectKeysTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "incoming/a.jpg", "incoming/my photo #1?.jpg", "a/50% off+sale.jpg",
            "incoming/.hidden", "incoming/..dots..", "a/b/c/d/e.jpg", "写真/👗.jpg", "x~1.jpg", "a b/ c "})
    void ordinaryKeysAreAccepted(String key) {
        assertThat(ObjectKeys.isSafe(key)).isTrue();
        assertThat(ObjectKeys.requireObjectKey(key)).isEqualTo(key);
    }

    @Test
    void nfcAndNfdSpellingsAreBothAcceptedAndNotNormalized() {
        String nfc = Normalizer.normalize("Café.jpg", Normalizer.Form.NFC);
        String nfd = Normalizer.normalize("Café.jpg", Normalizer.Form.NFD);

        assertThat(nfd).isNotEqualTo(nfc);
        assertThat(ObjectKeys.requireObjectKey(nfc)).isEqualTo(nfc);
        assertThat(ObjectKeys.requireObjectKey(nfd)).isEqualTo(nfd);
    }

    @ParameterizedTest
    @MethodSource("com.returnsorter.storage.ObjectStoreContract#hostileKeys")
    void hostileKeysAreRejectedWithAReason(String key) {
        assertThat(ObjectKeys.isSafe(key)).isFalse();
        assertThat(ObjectKeys.problem(key, true)).isNotBlank();
        assertThatThrownBy(() -> ObjectKeys.requireObjectKey(key))
                .isInstanceOf(InvalidObjectKeyException.class)
                .hasMessageStartingWith("key ");
    }

    @Test
    void reasonsNameTheProblem() {
        assertThat(ObjectKeys.problem("a//b", false)).contains("empty segment");
        assertThat(ObjectKeys.problem("../x", false)).contains("'..'");
        assertThat(ObjectKeys.problem("photo\u202Egpj.exe", false)).contains("U+202E");
        assertThat(ObjectKeys.problem("a\\b", false)).contains("'\\'");
        assertThat(ObjectKeys.problem("x".repeat(1025), false)).contains("1025 UTF-8 bytes");
        assertThat(ObjectKeys.problem("a\uD800", false)).contains("unpaired surrogate");
    }

    @Test
    void aKeyOfExactly1024Utf8BytesIsAccepted() {
        assertThat(ObjectKeys.isSafe("x".repeat(1024))).isTrue();
        assertThat(ObjectKeys.isSafe("é".repeat(512))).isTrue();
        assertThat(ObjectKeys.isSafe("é".repeat(512) + "x")).isFalse();
    }

    @Test
    void aTrailingSlashIsOnlyForFolderPlaceholders() {
        assertThat(ObjectKeys.isSafe("incoming/")).isTrue();
        assertThat(ObjectKeys.requireKeyOrFolder("incoming/")).isEqualTo("incoming/");
        assertThatThrownBy(() -> ObjectKeys.requireObjectKey("incoming/"))
                .isInstanceOf(InvalidObjectKeyException.class)
                .hasMessageContaining("folder placeholder");
        assertThat(ObjectKeys.isSafe("incoming//")).isFalse();
    }

    @Test
    void prefixesMayBeEmptyOrPartial() {
        assertThat(ObjectKeys.requirePrefix("")).isEmpty();
        assertThat(ObjectKeys.requirePrefix("incoming/ph")).isEqualTo("incoming/ph");
        assertThatThrownBy(() -> ObjectKeys.requirePrefix("incoming/../")).isInstanceOf(InvalidObjectKeyException.class);
    }

    @Test
    void fileNameIsTheLastSegment() {
        assertThat(ObjectKeys.fileName("incoming/a b.jpg")).isEqualTo("a b.jpg");
        assertThat(ObjectKeys.fileName("a.jpg")).isEqualTo("a.jpg");
        assertThat(ObjectKeys.fileName("processed/Shirt/")).isEqualTo("Shirt");
        assertThat(ObjectKeys.parent("processed/Shirt/a.jpg")).isEqualTo("processed/Shirt/");
        assertThat(ObjectKeys.parent("a.jpg")).isEmpty();
    }

    @Test
    void suffixGoesBeforeTheExtensionOfTheLastSegment() {
        assertThat(ObjectKeys.withSuffix("processed/Shirt/a.jpg", 1)).isEqualTo("processed/Shirt/a~1.jpg");
        assertThat(ObjectKeys.withSuffix("processed/Shirt/a.tar.gz", 12)).isEqualTo("processed/Shirt/a.tar~12.gz");
        assertThat(ObjectKeys.withSuffix("processed/v1.2/README", 2)).isEqualTo("processed/v1.2/README~2");
        assertThat(ObjectKeys.withSuffix("processed/.env", 3)).isEqualTo("processed/.env~3");
    }

    @Test
    void orderIsUtf8ByteOrderAsCloudStorageLists() {
        List<String> keys = new ArrayList<>(List.of("b", "a~1.jpg", "a.jpg", "\uFF21.jpg", "\uD83D\uDC57.jpg", "é", "A"));

        keys.sort(ObjectKeys.ORDER);

        List<String> byBytes = new ArrayList<>(keys);
        byBytes.sort((x, y) -> Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8)));
        assertThat(keys).isEqualTo(byBytes);
        assertThat(keys.indexOf("\uFF21.jpg")).isLessThan(keys.indexOf("\uD83D\uDC57.jpg"));
    }

    @Test
    void escapeMakesInvisibleCharactersVisible() {
        assertThat(ObjectKeys.escape("photo\u202Egpj.exe")).isEqualTo("\"photo\\u202Egpj.exe\"");
        assertThat(ObjectKeys.escape("a\u0000b")).isEqualTo("\"a\\u0000b\"");
        assertThat(ObjectKeys.escape("x".repeat(500))).contains("(500 chars)");
    }
}
