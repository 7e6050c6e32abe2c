package io.github.otelflink.job.processor.resource;

import io.github.otelflink.job.pdata.AttributeValues;
import io.github.otelflink.job.pdata.GoStrings;
import io.opentelemetry.proto.common.v1.AnyValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;

/**
 * The value operations of the Collector's attribute actions, on OTLP {@link AnyValue}s: the
 * SHA-256 hash of {@code hash} and the conversions of {@code convert} (whose string form is
 * pdata's {@code Value.AsString}, {@link AttributeValues#asString}).
 */
final class ActionValues {

    private static final Pattern GO_INT = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern GO_DECIMAL_FLOAT =
            Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");
    private static final Pattern GO_HEX_FLOAT =
            Pattern.compile("[+-]?0[xX](?:[0-9a-fA-F]+(?:\\.[0-9a-fA-F]*)?|\\.[0-9a-fA-F]+)[pP][+-]?[0-9]+");
    private static final Pattern GO_INF = Pattern.compile("[+-]?(?i:inf|infinity)");
    private static final Pattern GO_NAN = Pattern.compile("(?i:nan)");

    private ActionValues() {}

    static AnyValue of(Object value) {
        if (value instanceof String s) {
            return string(s);
        }
        if (value instanceof Long l) {
            return AnyValue.newBuilder().setIntValue(l).build();
        }
        if (value instanceof Double d) {
            return AnyValue.newBuilder().setDoubleValue(d).build();
        }
        if (value instanceof Boolean b) {
            return AnyValue.newBuilder().setBoolValue(b).build();
        }
        throw new IllegalArgumentException("unsupported value type " + value.getClass().getName());
    }

    static AnyValue string(String s) {
        return AnyValue.newBuilder().setStringValue(s).build();
    }

    // ---- hash

    /**
     * The Collector's {@code sha2Hasher}: SHA-256 of the value's bytes, in lower-case hex. The
     * bytes are those of the string for a string, one byte 1/0 for a boolean, the 8 bytes of
     * the two's complement little-endian for an integer, the 8 bytes of the IEEE-754 bits
     * little-endian for a double. Empty strings and other types (bytes, arrays, maps, empty)
     * hash to the empty string.
     */
    static String hash(AnyValue value) {
        byte[] bytes;
        switch (value.getValueCase()) {
            case STRING_VALUE -> bytes = value.getStringValue().getBytes(StandardCharsets.UTF_8);
            case BOOL_VALUE -> bytes = new byte[] {(byte) (value.getBoolValue() ? 1 : 0)};
            case INT_VALUE -> bytes = littleEndian(value.getIntValue());
            case DOUBLE_VALUE -> bytes = littleEndian(Double.doubleToRawLongBits(value.getDoubleValue()));
            default -> bytes = new byte[0];
        }
        if (bytes.length == 0) {
            return "";
        }
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
        return GoStrings.hex(digest);
    }

    private static byte[] littleEndian(long v) {
        byte[] out = new byte[8];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (v >>> (8 * i));
        }
        return out;
    }

    // ---- convert

    /**
     * The Collector's {@code convertValue}: the converted value, or {@code value} itself when it
     * already has the type or cannot be converted (a string that is not a number, an array, a
     * map, bytes or an empty value to int or double).
     */
    static AnyValue convert(AnyValue value, ResourceAction.ConvertedType to) {
        switch (to) {
            case STRING:
                return value.hasStringValue() ? value : string(AttributeValues.asString(value));
            case INT:
                switch (value.getValueCase()) {
                    case DOUBLE_VALUE:
                        // Go's int64(f) truncates toward zero; out of range (and NaN) it is
                        // platform-defined, Java saturates (NaN gives 0).
                        return AnyValue.newBuilder().setIntValue((long) value.getDoubleValue()).build();
                    case BOOL_VALUE:
                        return AnyValue.newBuilder().setIntValue(value.getBoolValue() ? 1 : 0).build();
                    case STRING_VALUE: {
                        Long parsed = parseGoInt(value.getStringValue());
                        return parsed == null ? value : AnyValue.newBuilder().setIntValue(parsed).build();
                    }
                    default:
                        return value;
                }
            case DOUBLE:
                switch (value.getValueCase()) {
                    case INT_VALUE:
                        return AnyValue.newBuilder().setDoubleValue((double) value.getIntValue()).build();
                    case BOOL_VALUE:
                        return AnyValue.newBuilder().setDoubleValue(value.getBoolValue() ? 1 : 0).build();
                    case STRING_VALUE: {
                        Double parsed = parseGoFloat(value.getStringValue());
                        return parsed == null ? value : AnyValue.newBuilder().setDoubleValue(parsed).build();
                    }
                    default:
                        return value;
                }
            default:
                throw new IllegalStateException("unhandled type " + to);
        }
    }

    /** Go's {@code strconv.ParseInt(s, 10, 64)}: optional sign, ASCII digits; null on error or overflow. */
    static Long parseGoInt(String s) {
        if (!GO_INT.matcher(s).matches()) {
            return null;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null; // out of range
        }
    }

    /**
     * Go's {@code strconv.ParseFloat(s, 64)}: decimal and hexadecimal ({@code 0x1p-2}) forms,
     * {@code _} between digits, {@code inf}/{@code infinity} with an optional sign and
     * {@code nan}, case-insensitively; no spaces, no Java suffixes like {@code d}. Null on a
     * syntax error or when the value overflows (Go's ErrRange).
     */
    static Double parseGoFloat(String s) {
        if (GO_INF.matcher(s).matches()) {
            return s.charAt(0) == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (GO_NAN.matcher(s).matches()) {
            return Double.NaN;
        }
        String text = s;
        if (s.indexOf('_') >= 0) {
            if (!underscoresBetweenDigits(s)) {
                return null;
            }
            text = s.replace("_", "");
        }
        if (!GO_DECIMAL_FLOAT.matcher(text).matches() && !GO_HEX_FLOAT.matcher(text).matches()) {
            return null;
        }
        double parsed = Double.parseDouble(text);
        return Double.isInfinite(parsed) ? null : parsed;
    }

    private static boolean underscoresBetweenDigits(String s) {
        boolean hex = s.matches("[+-]?0[xX].*");
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != '_') {
                continue;
            }
            char before = i > 0 ? s.charAt(i - 1) : ' ';
            char after = i + 1 < s.length() ? s.charAt(i + 1) : ' ';
            boolean beforeOk = isDigit(before, hex) || (hex && (before == 'x' || before == 'X'));
            if (!beforeOk || !isDigit(after, hex)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c, boolean hex) {
        return (c >= '0' && c <= '9') || (hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
    }
}
