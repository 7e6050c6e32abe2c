package io.github.otelflink.job.processor.resource;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The value operations of the Collector's attribute actions, on OTLP {@link AnyValue}s: the
 * SHA-256 hash of {@code hash}, pdata's {@code Value.AsString} and the conversions of
 * {@code convert}.
 */
final class AttributeValues {

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final Pattern GO_INT = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern GO_DECIMAL_FLOAT =
            Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");
    private static final Pattern GO_HEX_FLOAT =
            Pattern.compile("[+-]?0[xX](?:[0-9a-fA-F]+(?:\\.[0-9a-fA-F]*)?|\\.[0-9a-fA-F]+)[pP][+-]?[0-9]+");
    private static final Pattern GO_INF = Pattern.compile("[+-]?(?i:inf|infinity)");
    private static final Pattern GO_NAN = Pattern.compile("(?i:nan)");

    private AttributeValues() {}

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
        char[] out = new char[digest.length * 2];
        for (int i = 0; i < digest.length; i++) {
            out[2 * i] = HEX[(digest[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[digest[i] & 0xf];
        }
        return new String(out);
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
                return value.hasStringValue() ? value : string(asString(value));
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

    // ---- AsString

    /**
     * pdata's {@code Value.AsString}: strings as they are, booleans {@code true}/{@code false},
     * integers in decimal, doubles as Go formats them for JSON ({@code 1.5}, {@code 100},
     * {@code 1e+21}, {@code 1e-7}), bytes in standard base64, arrays and maps as JSON (map keys
     * sorted), an empty value as the empty string.
     */
    static String asString(AnyValue value) {
        switch (value.getValueCase()) {
            case STRING_VALUE:
                return value.getStringValue();
            case BOOL_VALUE:
                return value.getBoolValue() ? "true" : "false";
            case INT_VALUE:
                return Long.toString(value.getIntValue());
            case DOUBLE_VALUE:
                return formatDouble(value.getDoubleValue());
            case BYTES_VALUE:
                return base64(value.getBytesValue());
            case ARRAY_VALUE:
            case KVLIST_VALUE: {
                StringBuilder out = new StringBuilder();
                // Go's json.Marshal fails on NaN and infinities; pdata then returns "".
                return appendJson(out, value) ? out.toString() : "";
            }
            default:
                return "";
        }
    }

    /** Go's float64AsString (as encoding/json): shortest form, exponent below 1e-6 and from 1e21. */
    static String formatDouble(double d) {
        if (Double.isNaN(d)) {
            return "json: unsupported value: NaN";
        }
        if (Double.isInfinite(d)) {
            return "json: unsupported value: " + (d > 0 ? "+Inf" : "-Inf");
        }
        if (d == 0) {
            return (Double.doubleToRawLongBits(d) < 0) ? "-0" : "0";
        }
        BigDecimal decimal = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        double abs = Math.abs(d);
        if (abs >= 1e-6 && abs < 1e21) {
            return decimal.toPlainString();
        }
        String digits = decimal.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - decimal.scale();
        StringBuilder out = new StringBuilder(digits.length() + 8);
        if (d < 0) {
            out.append('-');
        }
        out.append(digits.charAt(0));
        if (digits.length() > 1) {
            out.append('.').append(digits, 1, digits.length());
        }
        out.append('e').append(exponent < 0 ? '-' : '+');
        int absExponent = Math.abs(exponent);
        if (exponent > 0 && absExponent < 10) {
            out.append('0'); // Go pads to two digits; only negative ones are cleaned up (e-07 -> e-7)
        }
        return out.append(absExponent).toString();
    }

    private static String base64(ByteString bytes) {
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /** JSON of pdata's AsRaw() as Go's encoding/json writes it; false when a double is NaN or infinite. */
    private static boolean appendJson(StringBuilder out, AnyValue value) {
        switch (value.getValueCase()) {
            case STRING_VALUE:
                appendJsonString(out, value.getStringValue());
                return true;
            case BOOL_VALUE:
                out.append(value.getBoolValue());
                return true;
            case INT_VALUE:
                out.append(value.getIntValue());
                return true;
            case DOUBLE_VALUE: {
                double d = value.getDoubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    return false;
                }
                out.append(formatDouble(d));
                return true;
            }
            case BYTES_VALUE:
                appendJsonString(out, base64(value.getBytesValue()));
                return true;
            case ARRAY_VALUE: {
                out.append('[');
                boolean first = true;
                for (AnyValue element : value.getArrayValue().getValuesList()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    if (!appendJson(out, element)) {
                        return false;
                    }
                }
                out.append(']');
                return true;
            }
            case KVLIST_VALUE: {
                Map<String, AnyValue> sorted = new TreeMap<>();
                for (KeyValue kv : value.getKvlistValue().getValuesList()) {
                    sorted.put(kv.getKey(), kv.getValue());
                }
                out.append('{');
                boolean first = true;
                for (Map.Entry<String, AnyValue> entry : sorted.entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    appendJsonString(out, entry.getKey());
                    out.append(':');
                    if (!appendJson(out, entry.getValue())) {
                        return false;
                    }
                }
                out.append('}');
                return true;
            }
            default:
                out.append("null");
                return true;
        }
    }

    /** A JSON string as Go's encoding/json escapes it (HTML characters included). */
    private static void appendJsonString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '<', '>', '&', '\u2028', '\u2029' -> out.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
