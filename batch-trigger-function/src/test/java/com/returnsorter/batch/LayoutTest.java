package com.returnsorter.batch;

import com.returnsorter.batch.run.Layout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Model labels become one safe folder name each. */
class LayoutTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "T-shirt/top|T-shirt_top",
            "Ankle boot|Ankle boot",
            "..|Unknown",
            "''|Unknown",
            "a\\b:c*d|a_b_c_d",
            "Mantel größe L|Mantel größe L",
            "../../etc|.._.._etc"})
    void categoryNamesAreSafePathSegments(String label, String segment) {
        assertThat(Layout.categorySegment(label)).isEqualTo(segment);
    }
}
