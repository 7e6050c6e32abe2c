package io.github.otelflink.job.translate;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * Label values from OTLP attribute values, as the Collector's pdata {@code Value.AsString()}
 * writes them.
 *
 * <ul>
 *   <li>string: as is; bool: {@code true}/{@code false}; int: decimal;
 *   <li>double: ES6 number form ({@link GoFloats#formatAttribute}): {@code 1.5}, {@code 100},
 *       {@code 1e+21}, {@code 1e-7};
 *   <li>bytes: standard base64 with padding;
 *   <li>array and key-value list: JSON as Go's encoding/json writes it without HTML escaping
 *       (object keys sorted, later duplicate keys win, {@code null} for empty values); a NaN or
 *       infinite double inside makes Go's encoder fail and the value empty, and so here too;
 *   <li>no value: empty (the label is then left out).
 * </ul>
 */
final class AttributeValues {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private AttributeValues() {}

    static String toLabelValue(AnyValue v) {
        switch (v.getValueCase()) {
            case STRING_VALUE:
                return v.getStringValue();
            case BOOL_VALUE:
                return v.getBoolValue() ? "true" : "false";
            case INT_VALUE:
                return Long.toString(v.getIntValue());
            case DOUBLE_VALUE:
                return GoFloats.formatAttribute(v.getDoubleValue());
            case BYTES_VALUE:
                return Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray());
            case ARRAY_VALUE:
            case KVLIST_VALUE: {
                StringBuilder sb = new StringBuilder();
                return writeJson(v, sb) ? sb.toString() : "";
            }
            default:
                return "";
        }
    }

    /** Appends {@code v} as JSON; false when Go's encoder would fail (NaN or infinity). */
    private static boolean writeJson(AnyValue v, StringBuilder sb) {
        switch (v.getValueCase()) {
            case STRING_VALUE:
                writeJsonString(v.getStringValue(), sb);
                return true;
            case BOOL_VALUE:
                sb.append(v.getBoolValue());
                return true;
            case INT_VALUE:
                sb.append(v.getIntValue());
                return true;
            case DOUBLE_VALUE:
                if (!GoFloats.isJsonEncodable(v.getDoubleValue())) {
                    return false;
                }
                sb.append(GoFloats.formatAttribute(v.getDoubleValue()));
                return true;
            case BYTES_VALUE:
                sb.append('"').append(Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray())).append('"');
                return true;
            case ARRAY_VALUE:
                return writeJsonArray(v.getArrayValue(), sb);
            case KVLIST_VALUE:
                return writeJsonObject(v.getKvlistValue(), sb);
            default:
                sb.append("null");
                return true;
        }
    }

    private static boolean writeJsonArray(ArrayValue array, StringBuilder sb) {
        sb.append('[');
        for (int i = 0; i < array.getValuesCount(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            if (!writeJson(array.getValues(i), sb)) {
                return false;
            }
        }
        sb.append(']');
        return true;
    }

    private static boolean writeJsonObject(KeyValueList list, StringBuilder sb) {
        // Go marshals a map: keys in byte order, and a repeated key keeps its last value.
        Map<String, AnyValue> sorted = new TreeMap<>(AttributeValues::compareCodePoints);
        for (KeyValue kv : list.getValuesList()) {
            sorted.put(kv.getKey(), kv.getValue());
        }
        sb.append('{');
        boolean first = true;
        for (Map.Entry<String, AnyValue> e : sorted.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            writeJsonString(e.getKey(), sb);
            sb.append(':');
            if (!writeJson(e.getValue(), sb)) {
                return false;
            }
        }
        sb.append('}');
        return true;
    }

    /** A JSON string as Go's encoder writes it with HTML escaping off. */
    static void writeJsonString(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                case '\b':
                    sb.append("\\b");
                    break;
                case '\f':
                    sb.append("\\f");
                    break;
                case '\u2028':
                case '\u2029':
                    appendUnicodeEscape(c, sb);
                    break;
                default:
                    if (c < 0x20) {
                        appendUnicodeEscape(c, sb);
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }

    private static void appendUnicodeEscape(char c, StringBuilder sb) {
        sb.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
                .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
    }

    /** Compares by Unicode code point, which is the byte order of UTF-8 (Go's string order). */
    static int compareCodePoints(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char ca = a.charAt(i);
            char cb = b.charAt(i);
            if (ca != cb) {
                // Surrogates (U+D800..DFFF) encode code points above U+FFFF, which sort after
                // every BMP character in UTF-8 even though E000..FFFF are larger chars.
                boolean sa = Character.isSurrogate(ca);
                boolean sb = Character.isSurrogate(cb);
                if (sa != sb) {
                    return sa ? 1 : -1;
                }
                return ca - cb;
            }
        }
        return a.length() - b.length();
    }

    /** Lower-case hex of a trace or span id. */
    static String hex(com.google.protobuf.ByteString bytes) {
        char[] out = new char[bytes.size() * 2];
        for (int i = 0; i < bytes.size(); i++) {
            int b = bytes.byteAt(i) & 0xff;
            out[2 * i] = HEX[b >> 4];
            out[2 * i + 1] = HEX[b & 0xf];
        }
        return new String(out);
    }
}
