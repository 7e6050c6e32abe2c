package io.github.otelflink.job.translate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelNamesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "method|method",
        "status_code|status_code",
        "http.method|http_method",
        "host.name|host_name",
        "a..b|a__b",
        "k8s.pod:name|k8s_pod_name",
        "0x|key_0x",
        "123invalid|key_123invalid",
        "_id|key_id",
        "_|key_",
        ".|key_",
        "__name__|__name__",
        "__reserved|__reserved",
        "..x|__x",
        "Status-Code|Status_Code",
        "région|r_gion",
        "emoji😀x|emoji_x",
    })
    void sanitizes(String key, String expected) {
        assertThat(LabelNames.sanitize(key)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"valid_name", "a", "Z9"})
    void keepsValidNamesAsTheSameString(String key) {
        assertThat(LabelNames.sanitize(key)).isSameAs(key);
    }
}
