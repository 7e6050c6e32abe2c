package io.github.otelflink.job.pdata;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoFloatsTest {

    /** Expected values are what Go's strconv.FormatFloat(v, 'f', -1, 64) prints. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "0.005|0.005",
        "0.01|0.01",
        "0.025|0.025",
        "0.1|0.1",
        "0.25|0.25",
        "0.5|0.5",
        "0.99|0.99",
        "0.999|0.999",
        "1|1",
        "2.5|2.5",
        "10|10",
        "100|100",
        "1e6|1000000",
        "1e21|1000000000000000000000",
        "1e-7|0.0000001",
        "-2.5|-2.5",
        "0.30000000000000004|0.30000000000000004",
        "123456789.123|123456789.123",
    })
    void formatsLikeGoFormatFloatF(double v, String expected) {
        assertThat(GoFloats.formatPlain(v)).isEqualTo(expected);
    }

    @Test
    void formatsTheExtremes() {
        assertThat(GoFloats.formatPlain(Double.MAX_VALUE)).isEqualTo("17976931348623157" + "0".repeat(292));
        assertThat(GoFloats.formatPlain(Double.MIN_VALUE)).isEqualTo("0." + "0".repeat(323) + "5");
        assertThat(GoFloats.asString(Double.MIN_VALUE)).isEqualTo("5e-324");
        assertThat(GoFloats.asString(-Double.MAX_VALUE)).isEqualTo("-1.7976931348623157e+308");
    }

    @Test
    void formatsSpecialValues() {
        assertThat(GoFloats.formatPlain(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(GoFloats.formatPlain(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
        assertThat(GoFloats.formatPlain(Double.NaN)).isEqualTo("NaN");
        assertThat(GoFloats.formatPlain(0.0)).isEqualTo("0");
        assertThat(GoFloats.formatPlain(-0.0)).isEqualTo("-0");
    }

    /** Expected values are what pdata's Value.AsString() prints for a double attribute. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "1.5|1.5",
        "100|100",
        "0|0",
        "0.000001|0.000001",
        "1e-7|1e-7",
        "1.5e-10|1.5e-10",
        "1e20|100000000000000000000",
        "1e21|1e+21",
        "1.2345e300|1.2345e+300",
        "-3.25e-8|-3.25e-8",
        "12345.678|12345.678",
    })
    void formatsAttributesLikePdataAsString(double v, String expected) {
        assertThat(GoFloats.asString(v)).isEqualTo(expected);
    }

    @Test
    void shortestDigitsAlwaysReadBack() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            double v = Double.longBitsToDouble(random.nextLong());
            if (Double.isNaN(v) || Double.isInfinite(v) || v == 0) {
                continue;
            }
            String s = GoFloats.formatPlain(v);
            assertThat(Double.parseDouble(s)).isEqualTo(v);
            // Never longer than Java's own digits, which read back too.
            assertThat(GoFloats.shortest(Math.abs(v)).precision())
                    .isLessThanOrEqualTo(new java.math.BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros().precision());
        }
    }

    @Test
    void picksTheFartherNeighbourWhenOnlyItReadsBack() {
        // Below a power of two the doubles are twice as dense, so the nearest 16-digit decimal
        // to 2^-1017 reads back as another double while the next one up reads back as 2^-1017.
        // Go prints 16 digits; Java 17's Double.toString prints 17.
        double v = Math.scalb(1.0, -1017);
        assertThat(Double.toString(v)).isEqualTo("7.1202363472230444E-307");
        assertThat(GoFloats.asString(v)).isEqualTo("7.120236347223045e-307");
        assertThat(GoFloats.formatPlain(9007199254740992.0)).isEqualTo("9007199254740992");
        assertThat(GoFloats.formatPlain(Math.scalb(1.0, -44))).isEqualTo("0.00000000000005684341886080802");
    }
}
