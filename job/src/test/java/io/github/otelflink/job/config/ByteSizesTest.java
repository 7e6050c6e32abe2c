package io.github.otelflink.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizesTest {

    @ParameterizedTest
    @CsvSource({"0, 0", "3000000, 3000000", "100B, 100", "1KB, 1000", "1KiB, 1024", "10MB, 10000000",
        "10MiB, 10485760", "2GB, 2000000000", "2GiB, 2147483648", "1TB, 1000000000000", "0.5KiB, 512",
        "'20 MiB', 20971520"})
    void parses(String text, long bytes) {
        assertThat(ByteSizes.parse(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "big", "10mb", "10M", "1.5B", "0.1KB5", "-1MB", "10 megabytes", "99999999999TB"})
    void rejects(String text) {
        assertThatThrownBy(() -> ByteSizes.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"0, 0B", "3000000, 3MB", "20971520, 20MiB", "1000, 1KB", "1536, 1536B", "1572864, 1536KiB"})
    void formatsWithTheLargestExactUnit(long bytes, String text) {
        assertThat(ByteSizes.format(bytes)).isEqualTo(text);
    }
}
