package io.github.otelflink.job.config;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes in bytes: an integer ({@code 3000000}) or a number with a unit ({@code 10MB},
 * {@code 10MiB}, {@code 1.5GiB}). Decimal units are powers of 1000 ({@code KB}, {@code MB},
 * {@code GB}, {@code TB}), binary ones powers of 1024 ({@code KiB}, {@code MiB}, {@code GiB},
 * {@code TiB}); {@code B} is bytes. Units are case-sensitive, so {@code mb} (millibits?) is
 * rejected rather than guessed.
 */
public final class ByteSizes {

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([A-Za-z]+)?");

    // Largest first: format() picks the first unit that divides the value exactly.
    private static final Map<String, Long> UNITS = new LinkedHashMap<>();

    static {
        UNITS.put("TiB", 1L << 40);
        UNITS.put("TB", 1_000_000_000_000L);
        UNITS.put("GiB", 1L << 30);
        UNITS.put("GB", 1_000_000_000L);
        UNITS.put("MiB", 1L << 20);
        UNITS.put("MB", 1_000_000L);
        UNITS.put("KiB", 1L << 10);
        UNITS.put("KB", 1_000L);
        UNITS.put("B", 1L);
    }

    private ByteSizes() {}

    /**
     * Parses a size.
     *
     * @throws IllegalArgumentException saying what is wrong with the text
     */
    public static long parse(String text) {
        Matcher matcher = SIZE.matcher(text.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a size");
        }
        String unit = matcher.group(2) == null ? "B" : matcher.group(2);
        Long multiplier = UNITS.get(unit);
        if (multiplier == null) {
            throw new IllegalArgumentException("unknown unit \"" + unit + "\"");
        }
        BigDecimal bytes = new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(multiplier));
        try {
            return bytes.longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("not a whole number of bytes, or too large");
        }
    }

    /** Formats with the largest unit that divides the size exactly, for example {@code 10MiB}. */
    public static String format(long bytes) {
        if (bytes == 0) {
            return "0B";
        }
        for (Map.Entry<String, Long> unit : UNITS.entrySet()) {
            if (bytes % unit.getValue() == 0) {
                return bytes / unit.getValue() + unit.getKey();
            }
        }
        return bytes + "B";
    }
}
