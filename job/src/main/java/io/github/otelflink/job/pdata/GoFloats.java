package io.github.otelflink.job.pdata;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Formats doubles exactly as the Collector (a Go program) does, so label values and strings match
 * it byte for byte.
 *
 * <p>Every format starts from the shortest decimal that reads back as the same double (Go's
 * {@code strconv} with precision -1; Java 17's {@code Double.toString} is not always shortest).
 * <ul>
 *   <li>{@link #formatPlain}: {@code strconv.FormatFloat(v, 'f', -1, 64)}, used for the {@code le}
 *       and {@code quantile} labels ({@code createLabels(..., leStr, strconv.FormatFloat(bound,
 *       'f', -1, 64))} in contrib {@code pkg/translator/prometheusremotewrite/helper.go}):
 *       {@code 0.5}, {@code 1}, {@code 1000000}, {@code 0.0000001}.
 *   <li>{@link #asString}: pdata's {@code Value.AsString()} of a double, {@code float64AsString}
 *       in collector {@code pdata/pcommon/value.go}: {@code NaN}, {@code Infinity},
 *       {@code -Infinity} (since collector #15138, April 2026; before, Go's error text), else
 *       the ES6 number form of {@code encoding/json}: plain for 1e-6 &le; |v| &lt; 1e21 (and 0),
 *       else {@code 1e+21}, {@code 1e-7} (the exponent's leading zero removed).
 *   <li>{@link #appendJson}: a finite double as a JSON number, by {@code encoding/json}
 *       ({@code cleanExponent}: {@code 1e-7}) or by goccy/go-json, which OTTL uses
 *       ({@code internal/encoder/encoder.go AppendFloat64} keeps strconv's {@code 1e-07}).
 * </ul>
 */
public final class GoFloats {
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
    public static String formatPlain(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return zero(v);
        }
        if (v == Math.rint(v) && Math.abs(v) < EXACT_INTEGER_LIMIT) {
            return Long.toString((long) v);
        }
        String digits = shortest(Math.abs(v)).toPlainString();
        return v < 0 ? "-" + digits : digits;
    }

    /**
     * pdata's {@code float64AsString} (collector {@code pdata/pcommon/value.go}): {@code NaN},
     * {@code Infinity}, {@code -Infinity}, else as {@code encoding/json} writes the number.
     */
    public static String asString(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Infinity" : "-Infinity";
        }
        double abs = Math.abs(v);
        if (abs == 0 || (abs >= 1e-6 && abs < 1e21)) {
            return formatPlain(v);
        }
        return appendExponent(new StringBuilder(24), v, true).toString();
    }

    /**
     * Appends a finite double as a Go JSON encoder writes it: {@code strconv.AppendFloat} with
     * {@code 'f'} for 1e-6 &le; |v| &lt; 1e21 and for 0, {@code 'e'} otherwise; with
     * {@code cleanExponent} (encoding/json) {@code e-07} becomes {@code e-7}, without (goccy/go-json)
     * it stays.
     *
     * @throws IllegalArgumentException for NaN and infinities, which no Go JSON encoder writes
     */
    public static StringBuilder appendJson(StringBuilder out, double v, boolean cleanExponent) {
        if (!isJsonEncodable(v)) {
            throw new IllegalArgumentException("json: unsupported value: " + formatPlain(v));
        }
        double abs = Math.abs(v);
        if (abs == 0 || (abs >= 1e-6 && abs < 1e21)) {
            return out.append(formatPlain(v));
        }
        return appendExponent(out, v, cleanExponent);
    }

    /** Whether a Go JSON encoder can write the value (not NaN, not infinite). */
    public static boolean isJsonEncodable(double v) {
        return !Double.isNaN(v) && !Double.isInfinite(v);
    }

    /** {@code strconv.AppendFloat(v, 'e', -1, 64)}: at least two exponent digits, unless cleaned. */
    private static StringBuilder appendExponent(StringBuilder out, double v, boolean cleanExponent) {
        BigDecimal d = shortest(Math.abs(v));
        String unscaled = d.unscaledValue().toString();
        int exponent = unscaled.length() - 1 - d.scale();
        if (v < 0) {
            out.append('-');
        }
        out.append(unscaled.charAt(0));
        if (unscaled.length() > 1) {
            out.append('.').append(unscaled, 1, unscaled.length());
        }
        out.append('e').append(exponent < 0 ? '-' : '+');
        int absExponent = Math.abs(exponent);
        if (absExponent < 10 && !(cleanExponent && exponent < 0)) {
            // strconv pads to two digits; encoding/json removes the 0 of a negative one only
            // (|v| >= 1e21 never has a one-digit exponent).
            out.append('0');
        }
        return out.append(absExponent);
    }

    private static String zero(double v) {
        // Go keeps the sign of negative zero.
        return Double.doubleToRawLongBits(v) == 0 ? "0" : "-0";
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
