package io.github.otelflink.job.relabel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The case mappings of {@code lowercase}/{@code uppercase}: Go's strings.ToLower and ToUpper. */
class ValueFunctionsTest {

    @Test
    void mapsEveryCharThatHasAnotherCaseAndReturnsTheSameStringOtherwise() {
        assertThat(ValueFunctions.lowerCase("GET")).isEqualTo("get");
        assertThat(ValueFunctions.upperCase("get")).isEqualTo("GET");
        assertThat(ValueFunctions.lowerCase("ÄRGER")).isEqualTo("ärger");
        assertThat(ValueFunctions.upperCase("straße")).as("per code point, as Go: ß has no single upper case")
                .isEqualTo("STRAßE");
        String lower = "already_lower-1";
        String upper = "ALREADY_UPPER-1";
        assertThat(ValueFunctions.lowerCase(lower)).isSameAs(lower);
        assertThat(ValueFunctions.upperCase(upper)).isSameAs(upper);
        assertThat(ValueFunctions.lowerCase(upper)).isEqualTo("already_upper-1");
        assertThat(ValueFunctions.upperCase(lower)).isEqualTo("ALREADY_LOWER-1");
    }
}
