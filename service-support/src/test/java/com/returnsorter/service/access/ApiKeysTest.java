package com.returnsorter.service.access;

import com.returnsorter.service.startup.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiKeysTest {

    @Test
    void findsKeysByValueAndKnowsInternalOnes() {
        ApiKeys keys = new ApiKeys("PREDICT_API_KEYS", List.of("app:app-key-0123456789", " batch:batch-key-0123456789:internal "));
        assertThat(keys.required()).isTrue();
        assertThat(keys.find("app-key-0123456789")).contains(new ApiKey("app", false));
        assertThat(keys.find("batch-key-0123456789")).contains(new ApiKey("batch", true));
        assertThat(keys.find("app-key-012345678")).isEmpty();
        assertThat(keys.find("")).isEmpty();
    }

    @Test
    void noEntriesMeanAnOpenApi() {
        assertThat(new ApiKeys("X", List.of()).required()).isFalse();
        assertThat(new ApiKeys("X", List.of("", " ")).required()).isFalse();
    }

    @Test
    void aKeyShorterThanTheMinimumIsRefusedWithoutQuotingIt() {
        assertThatThrownBy(() -> new ApiKeys("PREDICT_API_KEYS", List.of("app:fifteen-chars15")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid configuration: PREDICT_API_KEYS: the key named 'app' has 15 characters; a key has 16 to 512")
                .message().doesNotContain("fifteen-chars15");
    }

    @Test
    void malformedEntriesAreRefused() {
        for (String entry : List.of("just-a-key-0123456789", ":key-0123456789abc", "app:key-0123456789abc:admin",
                "app:key-0123456789abc:internal:x")) {
            assertThatThrownBy(() -> new ApiKeys("BATCH_API_KEYS", List.of("ok:ok-key-0123456789ab", entry)))
                    .as(entry).isInstanceOf(InvalidConfigurationException.class)
                    .hasMessage("Invalid configuration: BATCH_API_KEYS: entry 2 is not name:key or name:key:internal");
        }
    }

    @Test
    void aNameOrAKeyUsedTwiceIsRefused() {
        assertThatThrownBy(() -> new ApiKeys("REPORT_API_KEYS", List.of("ops:key-one-0123456789", "ops:key-two-0123456789")))
                .hasMessageContaining("the name 'ops' is used twice");
        assertThatThrownBy(() -> new ApiKeys("REPORT_API_KEYS", List.of("ops:same-key-0123456789", "ci:same-key-0123456789")))
                .hasMessageContaining("the key named 'ci' is the same as an earlier entry's key");
    }
}
