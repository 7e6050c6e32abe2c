package io.github.otelflink.job.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;

/**
 * Durations written as Go's {@code time.ParseDuration} reads them, which is what Collector
 * users know: a sequence of decimal numbers, each with a unit ({@code ns}, {@code us} or
 * {@code µs}, {@code ms}, {@code s}, {@code m}, {@code h}), for example {@code 200ms},
 * {@code 5s}, {@code 1m30s}, {@code 1.5h}. A number without a unit is rejected (the Collector
 * would silently read {@code 5} as five nanoseconds); only {@code 0} needs none.
 */
public final class GoDurations {

    private static final Map<String, BigDecimal> NANOS_PER_UNIT = Map.of(
            "ns", BigDecimal.ONE,
            "us", BigDecimal.valueOf(1_000L),
            "\u00b5s", BigDecimal.valueOf(1_000L), // micro sign
            "\u03bcs", BigDecimal.valueOf(1_000L), // Greek mu
            "ms", BigDecimal.valueOf(1_000_000L),
            "s", BigDecimal.valueOf(1_000_000_000L),
            "m", BigDecimal.valueOf(60_000_000_000L),
            "h", BigDecimal.valueOf(3_600_000_000_000L));

    private GoDurations() {}

    /**
     * Parses a Go duration.
     *
     * @throws IllegalArgumentException saying what is wrong with the text
     */
    public static Duration parse(String text) {
        String s = text;
        int i = 0;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        if (s.substring(i).equals("0")) {
            return Duration.ZERO;
        }
        if (i == s.length()) {
            throw new IllegalArgumentException("empty duration");
        }
        BigDecimal nanos = BigDecimal.ZERO;
        while (i < s.length()) {
            int numberStart = i;
            while (i < s.length() && isDigit(s.charAt(i))) {
                i++;
            }
            boolean hasInteger = i > numberStart;
            boolean hasFraction = false;
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                int fractionStart = i;
                while (i < s.length() && isDigit(s.charAt(i))) {
                    i++;
                }
                hasFraction = i > fractionStart;
            }
            if (!hasInteger && !hasFraction) {
                throw new IllegalArgumentException("expected a number at \"" + s.substring(numberStart) + "\"");
            }
            String number = s.substring(numberStart, i);
            int unitStart = i;
            while (i < s.length() && !isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            String unit = s.substring(unitStart, i);
            if (unit.isEmpty()) {
                throw new IllegalArgumentException("missing unit after " + number);
            }
            BigDecimal perUnit = NANOS_PER_UNIT.get(unit);
            if (perUnit == null) {
                throw new IllegalArgumentException("unknown unit \"" + unit + "\"");
            }
            nanos = nanos.add(new BigDecimal(number.endsWith(".") ? number + "0" : "0" + number).multiply(perUnit));
        }
        nanos = nanos.setScale(0, RoundingMode.DOWN);
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("duration too large");
        }
        long value = nanos.longValueExact();
        return Duration.ofNanos(negative ? -value : value);
    }

    /** Formats compactly in the same notation, for example {@code 5s}, {@code 1m30s}, {@code 200ms}. */
    public static String format(Duration duration) {
        if (duration.isNegative()) {
            return "-" + format(duration.negated());
        }
        long nanos = duration.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        if (nanos < 1_000L) {
            return nanos + "ns";
        }
        if (nanos < 1_000_000L) {
            return decimal(nanos, 1_000L) + "us";
        }
        if (nanos < 1_000_000_000L) {
            return decimal(nanos, 1_000_000L) + "ms";
        }
        long hours = nanos / 3_600_000_000_000L;
        long minutes = nanos / 60_000_000_000L % 60;
        long secondNanos = nanos % 60_000_000_000L;
        StringBuilder out = new StringBuilder();
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (minutes > 0) {
            out.append(minutes).append('m');
        }
        if (secondNanos > 0) {
            out.append(decimal(secondNanos, 1_000_000_000L)).append('s');
        }
        return out.toString();
    }

    private static String decimal(long value, long unit) {
        return BigDecimal.valueOf(value).divide(BigDecimal.valueOf(unit)).stripTrailingZeros().toPlainString();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
