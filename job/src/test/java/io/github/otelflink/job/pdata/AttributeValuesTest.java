package io.github.otelflink.job.pdata;

import static io.github.otelflink.job.pdata.CollectorParityTest.any;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What {@link CollectorParityTest}'s rows do not show: the hot path's sameness, and Go's string
 * order and hex. (The rows of this test's translate-package predecessor are parity rows now; two
 * changed: {@code +Inf} is {@code Infinity}, as collector pdata/pcommon/value.go prints it since
 * #15138.)
 */
class AttributeValuesTest {

    @Test
    void stringValuesAreReturnedAsTheSameInstance() {
        String s = "GET";
        assertThat(AttributeValues.asString(any(s))).isSameAs(s);
        assertThat(AttributeValues.ottlStringLike(s)).isSameAs(s);
    }

    @Test
    void emptyContainersAndScalarsInsideOttlLists() {
        assertThat(AttributeValues.ottlStringLike(List.of())).isEqualTo("[]");
        assertThat(AttributeValues.ottlStringLike(java.util.Map.of())).isEqualTo("{}");
        assertThat(AttributeValues.ottlStringLike(java.util.Arrays.asList(null, -7L, false))).isEqualTo("[null,-7,false]");
    }

    @Test
    void comparesByCodePointLikeGo() {
        // U+FFFD (one UTF-16 unit) sorts before U+1F600 (a surrogate pair) in UTF-8 byte order.
        assertThat(GoStrings.compare("\uFFFD", "\uD83D\uDE00")).isNegative();
        assertThat(GoStrings.compare("a.b", "a_b")).isNegative();
        assertThat(GoStrings.compare("ab", "a")).isPositive();
        assertThat(GoStrings.compare("", "")).isZero();
    }

    @Test
    void hexIsLowerCase() {
        assertThat(GoStrings.hex(new byte[] {0x0f, (byte) 0xa0})).isEqualTo("0fa0");
        assertThat(GoStrings.hex(com.google.protobuf.ByteString.copyFrom(new byte[] {(byte) 0xff, 1}))).isEqualTo("ff01");
    }
}
