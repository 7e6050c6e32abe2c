package io.github.otelflink.job.pdata;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sanitizing rows are in {@link CollectorParityTest}. Three rows of this test's
 * translate-package predecessor changed there, decided by otlptranslator's {@code sanitizeLabelName}
 * (runs of {@code _} collapse) and {@code Build} ({@code key} before a single leading {@code _}), as
 * contrib's prometheusremotewrite translator configures it in 2026: {@code a..b} is {@code a_b}
 * (was {@code a__b}), {@code __reserved} is {@code key_reserved} (was kept), {@code ..x} is
 * {@code key_x} (was {@code __x}).
 */
class LabelNamesTest {

    @ParameterizedTest
    @CsvSource({"valid_name", "a", "Z9", "__name__", "key_id", "a_b_"})
    void keepsTheirOwnNamesAsTheSameString(String key) {
        assertThat(LabelNames.sanitize(key)).isSameAs(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "_", "_id", "__name__", "a1_B"})
    void validLegacyNames(String name) {
        assertThat(LabelNames.isValid(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1a", "a.b", "a-b", "é"})
    void invalidLegacyNames(String name) {
        assertThat(LabelNames.isValid(name)).isFalse();
    }
}
