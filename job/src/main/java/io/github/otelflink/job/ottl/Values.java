package io.github.otelflink.job.ottl;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OTTL's value semantics on Java objects: comparison rules, the string form used by
 * {@code Concat}/{@code IsMatch} ("string-like" conversion) and type names for messages.
 */
final class Values {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Values() {
    }

    static String typeName(Object value) {
        if (value == null) {
            return "nil";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Long) {
            return "int";
        }
        if (value instanceof Double) {
            return "double";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof byte[]) {
            return "bytes";
        }
        if (value instanceof List) {
            return "list";
        }
        if (value instanceof Map) {
            return "map";
        }
        return value.getClass().getSimpleName();
    }

    /**
     * OTTL's comparison rules: nil equals only nil; ints and doubles compare numerically
     * (as double when mixed); strings by code point (Go compares UTF-8 bytes: same order);
     * bools with false &lt; true; bytes byte by byte; lists and maps for equality only; values
     * of different types are never equal and never ordered. Never fails.
     */
    static boolean compare(Object left, CompareOp op, Object right) {
        if (left == null || right == null) {
            boolean equal = left == right || isEmptyBytes(left) || isEmptyBytes(right);
            return op == CompareOp.EQ ? equal : op == CompareOp.NE && !equal;
        }
        if (left instanceof String l && right instanceof String r) {
            if (op == CompareOp.EQ) {
                return l.equals(r);
            }
            if (op == CompareOp.NE) {
                return !l.equals(r);
            }
            return op.holds(compareCodePoints(l, r));
        }
        if (left instanceof Long l && right instanceof Long r) {
            return op.holds(Long.compare(l, r));
        }
        if (left instanceof Number l && right instanceof Number r && isNumber(left) && isNumber(right)) {
            return compareDoubles(l.doubleValue(), op, r.doubleValue());
        }
        if (left instanceof Boolean l && right instanceof Boolean r) {
            return op.holds(Boolean.compare(l, r));
        }
        if (left instanceof byte[] l && right instanceof byte[] r) {
            return op.holds(Arrays.compareUnsigned(l, r));
        }
        boolean sameType = typeName(left).equals(typeName(right));
        boolean equal = sameType && left.equals(right);
        return op == CompareOp.EQ ? equal : op == CompareOp.NE && !equal;
    }

    private static boolean isNumber(Object value) {
        return value instanceof Long || value instanceof Double;
    }

    private static boolean isEmptyBytes(Object value) {
        return value instanceof byte[] bytes && bytes.length == 0;
    }

    /** Go's float comparison: every ordering involving NaN is false, and NaN != NaN. */
    private static boolean compareDoubles(double l, CompareOp op, double r) {
        switch (op) {
            case EQ: return l == r;
            case NE: return l != r;
            case LT: return l < r;
            case LE: return l <= r;
            case GT: return l > r;
            default: return l >= r;
        }
    }

    private static int compareCodePoints(String l, String r) {
        int n = Math.min(l.length(), r.length());
        for (int i = 0; i < n; i++) {
            char a = l.charAt(i);
            char b = r.charAt(i);
            if (a != b) {
                // Surrogates (code points above U+FFFF) sort after every other char in UTF-8 order.
                boolean sa = Character.isSurrogate(a);
                boolean sb = Character.isSurrogate(b);
                if (sa != sb) {
                    return sa ? 1 : -1;
                }
                return Character.compare(a, b);
            }
        }
        return Integer.compare(l.length(), r.length());
    }

    /**
     * OTTL's string-like conversion: strings as they are, bytes as hex, lists and maps as
     * JSON, numbers and bools as JSON; null stays null.
     */
    static String stringLike(Object value) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        if (value instanceof byte[] bytes) {
            return hex(bytes);
        }
        StringBuilder out = new StringBuilder();
        appendJson(out, value);
        return out.toString();
    }

    /** {@code Concat}'s rendering of one element: string-like, with nil as {@code <nil>} (Go's fmt). */
    static String concatElement(Object value) {
        return value == null ? "<nil>" : stringLike(value);
    }

    static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }

    /** A float as Go's {@code encoding/json} writes it: {@code 1}, {@code 1.5}, {@code 1e+21}, {@code 1e-7}. */
    static String formatDouble(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0" : "0";
        }
        BigDecimal exact = shortest(d);
        double abs = Math.abs(d);
        if (abs >= 1e-6 && abs < 1e21) {
            return exact.toPlainString();
        }
        String digits = exact.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - exact.scale();
        StringBuilder out = new StringBuilder();
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
            out.append('0');
        }
        return out.append(absExponent).toString();
    }

    /**
     * The shortest decimal that reads back as {@code d}, as Go prints it. JDK 17's
     * {@code Double.toString} sometimes gives more digits ({@code -1.2499999999999999E22}), so
     * long results are shortened by rounding to ever more significant digits.
     */
    private static BigDecimal shortest(double d) {
        BigDecimal fromJdk = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        if (fromJdk.precision() < 16) {
            return fromJdk;
        }
        BigDecimal exact = new BigDecimal(d);
        for (int digits = 1; digits < fromJdk.precision(); digits++) {
            BigDecimal rounded = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (rounded.doubleValue() == d) {
                return rounded.stripTrailingZeros();
            }
        }
        return fromJdk;
    }

    private static void appendJson(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            appendJsonString(out, s);
        } else if (value instanceof Double d) {
            out.append(formatDouble(d));
        } else if (value instanceof byte[] bytes) {
            out.append('"').append(java.util.Base64.getEncoder().encodeToString(bytes)).append('"');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                appendJson(out, list.get(i));
            }
            out.append(']');
        } else if (value instanceof Map<?, ?> map) {
            // Go's encoding/json sorts map keys.
            List<String> keys = new ArrayList<>();
            for (Object key : map.keySet()) {
                keys.add(String.valueOf(key));
            }
            keys.sort(Values::compareCodePoints);
            out.append('{');
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                appendJsonString(out, keys.get(i));
                out.append(':');
                appendJson(out, map.get(keys.get(i)));
            }
            out.append('}');
        } else {
            out.append(value);
        }
    }

    /** JSON string with Go's escaping (which also escapes {@code < > &} and U+2028/U+2029). */
    private static void appendJsonString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                default:
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        out.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
                                .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    /** A snapshot of an attribute map as an insertion-ordered {@link Map}. */
    static Map<String, Object> toMap(AttributeMap attributes) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < attributes.size(); i++) {
            map.put(attributes.keyAt(i), attributes.valueAt(i));
        }
        return map;
    }
}
