package io.github.otelflink.job.translate;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Formats doubles exactly as the Collector (a Go program) does, so label values match it byte
 * for byte.
 *
 * <p>Both formats start from the shortest decimal that reads back as the same double (Go's
 * {@code strconv} with precision -1; Java 17's {@code Double.toString} is not always shortest).
 * <ul>
 *   <li>{@link #formatPlain}: {@code strconv.FormatFloat(v, 'f', -1, 64)}, used for the {@code le}
 *       and {@code quantile} labels: {@code 0.5}, {@code 1}, {@code 1000000}, {@code 0.0000001}.
 *   <li>{@link #formatAttribute}: pdata's {@code Value.AsString()} for doubles, which is
 *       encoding/json's ES6 number form: plain between 1e-6 and 1e21, else {@code 1e+21},
 *       {@code 1e-7}.
 * </ul>
 */
final class GoFloats {
    private static final MathContext[] HALF_EVEN = new MathContext[18];
    private static final MathContext[] CEILING = new MathContext[18];
    private static final MathContext[] FLOOR = new MathContext[18];

    static {
        for (int p = 1; p <= 17; p++) {
            HALF_EVEN[p] = new MathContext(p, RoundingMode.HALF_EVEN);
            CEILING[p] = new MathContext(p, RoundingMode.CEILING);
            FLOOR[p] = new MathContext(p, RoundingMode.FLOOR);
        }
    }

    /** Integers below this print the same from {@code long} as from their shortest digits. */
    private static final double EXACT_INTEGER_LIMIT = 1e15;

    private GoFloats() {}

    /** {@code strconv.FormatFloat(v, 'f', -1, 64)}; infinities as {@code +Inf}/{@code -Inf}. */
    static String formatPlain(double v) {
        String special = special(v);
        if (special != null) {
            return special;
        }
        if (v == Math.rint(v) && Math.abs(v) < EXACT_INTEGER_LIMIT) {
            return Long.toString((long) v);
        }
        String digits = shortest(Math.abs(v)).toPlainString();
        return v < 0 ? "-" + digits : digits;
    }

    /**
     * pdata {@code AsString()} of a double: ES6 number-to-string, as Go's encoding/json writes it.
     * Go prints {@code "json: unsupported value: NaN"} for NaN and infinities; this prints
     * {@code NaN}, {@code +Inf}, {@code -Inf} instead (an error text is no label value).
     */
    static String formatAttribute(double v) {
        String special = special(v);
        if (special != null) {
            return special;
        }
        double abs = Math.abs(v);
        if (abs >= 1e-6 && abs < 1e21) {
            return formatPlain(v);
        }
        BigDecimal d = shortest(abs);
        String unscaled = d.unscaledValue().toString();
        int exponent = unscaled.length() - 1 - d.scale();
        StringBuilder sb = new StringBuilder(unscaled.length() + 8);
        if (v < 0) {
            sb.append('-');
        }
        sb.append(unscaled.charAt(0));
        if (unscaled.length() > 1) {
            sb.append('.').append(unscaled, 1, unscaled.length());
        }
        sb.append('e').append(exponent < 0 ? '-' : '+').append(Math.abs(exponent));
        return sb.toString();
    }

    /** Whether {@link #formatAttribute} would fail in Go's encoding/json (NaN and infinities). */
    static boolean isJsonEncodable(double v) {
        return !Double.isNaN(v) && !Double.isInfinite(v);
    }

    private static String special(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (v == Double.POSITIVE_INFINITY) {
            return "+Inf";
        }
        if (v == Double.NEGATIVE_INFINITY) {
            return "-Inf";
        }
        if (v == 0) {
            // Go keeps the sign of negative zero.
            return Double.doubleToRawLongBits(v) == 0 ? "0" : "-0";
        }
        return null;
    }

    /**
     * The shortest decimal that parses back to {@code v} (positive, finite, non-zero), and of
     * those the closest to {@code v}, stripped of trailing zeros.
     */
    static BigDecimal shortest(double v) {
        BigDecimal exact = new BigDecimal(v);
        for (int p = 1; p <= 17; p++) {
            BigDecimal nearest = exact.round(HALF_EVEN[p]);
            if (nearest.doubleValue() == v) {
                return nearest.stripTrailingZeros();
            }
            // Next to a power of two the interval that reads back as v is wider above v than
            // below it, so the other neighbour of the same length may still read back as v.
            BigDecimal other = nearest.compareTo(exact) < 0 ? exact.round(CEILING[p]) : exact.round(FLOOR[p]);
            if (other.doubleValue() == v) {
                return other.stripTrailingZeros();
            }
        }
        return exact.round(HALF_EVEN[17]).stripTrailingZeros();
    }
}
