package io.github.otelflink.job.pdata;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Attribute values as strings, as the Collector writes them. One JSON encoder, in the two
 * flavours the Collector uses:
 *
 * <ul>
 *   <li>{@link #asString(AnyValue)}: pdata's {@code Value.AsString()} (collector
 *       {@code pdata/pcommon/value.go}, 2026): what the {@code prometheusremotewrite} translator
 *       puts in label values ({@code createAttributes}: {@code value.AsString()}, contrib
 *       {@code pkg/translator/prometheusremotewrite/helper.go}), the resource/attributes
 *       processor's {@code convert} to string, {@code job}/{@code instance}.
 *       <ul>
 *         <li>string: as is; bool: {@code true}/{@code false}; int: decimal; double:
 *             {@link GoFloats#asString} ({@code NaN}, {@code Infinity}, {@code 1e+21},
 *             {@code 1e-7}); bytes: standard base64 with padding; empty: {@code ""};
 *         <li>map and slice: {@code json.NewEncoder} with {@code SetEscapeHTML(false)} on
 *             {@code AsRaw()} ({@code marshalJSONNoHTMLEscape}, collector #15108, April 2026):
 *             {@code <>&} stay as they are; {@code \b \f \n \r \t} short escapes (Go &ge; 1.22),
 *             other control characters {@code \}{@code u00XX}, U+2028/U+2029 escaped; object keys
 *             sorted by their bytes, a repeated key keeps its last value ({@code Map.AsRaw}
 *             builds a Go map); empty values {@code null}, bytes as base64 strings. A NaN or
 *             infinite double anywhere inside makes {@code Encode} fail, and the error is
 *             ignored: the result is {@code ""}.
 *       </ul>
 *   <li>{@link #ottlStringLike(Object)}: OTTL's {@code StandardStringLikeGetter} (contrib
 *       {@code pkg/ottl/expression.go}), used by {@code Concat}, {@code IsMatch} and the
 *       {@code replace_*} functions, on OTTL's Java values. Deliberately not {@code AsString}:
 *       bytes are hex, not base64, and maps, slices and plain numbers go through
 *       {@code github.com/goccy/go-json}'s {@code json.Marshal}, which escapes {@code <>&} as
 *       {@code \}{@code u003c} etc., writes {@code \b}/{@code \f} as {@code \}{@code u0008}/{@code \}{@code u000c}
 *       ({@code internal/encoder/string.go appendNormalizedHTMLString}), keeps strconv's
 *       {@code 1e-07} ({@code AppendFloat64}), sorts object keys by their <em>encoded</em>
 *       bytes ({@code Mapslice.Less}), and fails on NaN and infinities (an OTTL error).
 * </ul>
 */
public final class AttributeValues {

    private AttributeValues() {}

    /** pdata's {@code Value.AsString()}; see the class comment. */
    public static String asString(AnyValue v) {
        switch (v.getValueCase()) {
            case STRING_VALUE:
                return v.getStringValue();
            case BOOL_VALUE:
                return v.getBoolValue() ? "true" : "false";
            case INT_VALUE:
                return Long.toString(v.getIntValue());
            case DOUBLE_VALUE:
                return GoFloats.asString(v.getDoubleValue());
            case BYTES_VALUE:
                return base64(v.getBytesValue());
            case ARRAY_VALUE:
            case KVLIST_VALUE: {
                StringBuilder out = new StringBuilder();
                return new JsonWriter(out, Dialect.PDATA).write(v) ? out.toString() : "";
            }
            default:
                return "";
        }
    }

    /**
     * OTTL's string-like conversion of one of its values ({@code String}, {@code Long},
     * {@code Double}, {@code Boolean}, {@code byte[]}, {@code List}, {@code Map}, an
     * {@link AnyValue}, or null); see the class comment.
     *
     * @return null for null (OTTL's nil)
     * @throws IllegalArgumentException with Go's message when the Collector fails: a NaN or
     *     infinite double ({@code unsupported type: float64}, or inside a map or list
     *     {@code json: unsupported value: NaN}), a value of another type
     */
    public static String ottlStringLike(Object value) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        if (value instanceof byte[] bytes) {
            return GoStrings.hex(bytes);
        }
        if (value instanceof AnyValue any) {
            return asString(any); // pcommon.Value: v.AsString()
        }
        if (value instanceof Double d && !GoFloats.isJsonEncodable(d)) {
            // The getter's default case: json.Marshal fails and it reports the type.
            throw new IllegalArgumentException("unsupported type: float64");
        }
        if (!(value instanceof Long || value instanceof Double || value instanceof Boolean
                || value instanceof List || value instanceof Map)) {
            throw new IllegalArgumentException("unsupported type: " + value.getClass().getSimpleName());
        }
        StringBuilder out = new StringBuilder();
        JsonWriter writer = new JsonWriter(out, Dialect.GOCCY);
        if (!writer.write(value)) {
            throw new IllegalArgumentException("json: unsupported value: " + GoFloats.formatPlain(writer.failedOn));
        }
        return out.toString();
    }

    private static String base64(ByteString bytes) {
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /** The two Go JSON encoders whose output the Collector shows. */
    private enum Dialect {
        /** {@code encoding/json} Encoder with {@code SetEscapeHTML(false)}, Go 1.22 or later. */
        PDATA(false, true, true, false),
        /** {@code github.com/goccy/go-json} {@code Marshal}: HTML escaping on, UTF-8 normalized. */
        GOCCY(true, false, false, true);

        final boolean escapeHtml;
        /** {@code \b} and {@code \f} as two-character escapes (else {@code \}{@code u0008}). */
        final boolean shortBackspaceAndFormFeed;
        /** {@code 1e-7} rather than strconv's {@code 1e-07}. */
        final boolean cleanExponent;
        /** Object keys in the byte order of their encoded (quoted, escaped) form. */
        final boolean sortByEncodedKey;

        Dialect(boolean escapeHtml, boolean shortBackspaceAndFormFeed, boolean cleanExponent,
                boolean sortByEncodedKey) {
            this.escapeHtml = escapeHtml;
            this.shortBackspaceAndFormFeed = shortBackspaceAndFormFeed;
            this.cleanExponent = cleanExponent;
            this.sortByEncodedKey = sortByEncodedKey;
        }
    }

    /**
     * Writes OTLP values ({@link AnyValue}) and OTTL's Java values alike, as the raw Go values
     * ({@code AsRaw()}) they stand for.
     */
    private static final class JsonWriter {
        private final StringBuilder out;
        private final Dialect dialect;
        /** The double that made {@link #write} return false. */
        double failedOn;

        JsonWriter(StringBuilder out, Dialect dialect) {
            this.out = out;
            this.dialect = dialect;
        }

        /** Appends the value; false when it holds a NaN or infinite double (Go's encoders fail). */
        boolean write(Object value) {
            if (value instanceof AnyValue any) {
                return writeAny(any);
            }
            if (value == null) {
                out.append("null");
            } else if (value instanceof String s) {
                writeString(s, out);
            } else if (value instanceof Long || value instanceof Integer) {
                out.append(((Number) value).longValue());
            } else if (value instanceof Double d) {
                return writeDouble(d);
            } else if (value instanceof Boolean b) {
                out.append(b.booleanValue());
            } else if (value instanceof byte[] bytes) {
                writeString(Base64.getEncoder().encodeToString(bytes), out);
            } else if (value instanceof List<?> list) {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    if (!write(list.get(i))) {
                        return false;
                    }
                }
                out.append(']');
            } else if (value instanceof Map<?, ?> map) {
                List<Entry> entries = new ArrayList<>(map.size());
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    entries.add(new Entry(String.valueOf(e.getKey()), e.getValue()));
                }
                return writeObject(entries);
            } else {
                throw new IllegalArgumentException("unsupported type: " + value.getClass().getSimpleName());
            }
            return true;
        }

        private boolean writeAny(AnyValue v) {
            switch (v.getValueCase()) {
                case STRING_VALUE:
                    writeString(v.getStringValue(), out);
                    return true;
                case BOOL_VALUE:
                    out.append(v.getBoolValue());
                    return true;
                case INT_VALUE:
                    out.append(v.getIntValue());
                    return true;
                case DOUBLE_VALUE:
                    return writeDouble(v.getDoubleValue());
                case BYTES_VALUE:
                    writeString(base64(v.getBytesValue()), out);
                    return true;
                case ARRAY_VALUE: {
                    ArrayValue array = v.getArrayValue();
                    out.append('[');
                    for (int i = 0; i < array.getValuesCount(); i++) {
                        if (i > 0) {
                            out.append(',');
                        }
                        if (!writeAny(array.getValues(i))) {
                            return false;
                        }
                    }
                    out.append(']');
                    return true;
                }
                case KVLIST_VALUE: {
                    // Map.AsRaw() puts the entries into a Go map: a repeated key keeps its last value.
                    KeyValueList list = v.getKvlistValue();
                    Map<String, Integer> index = new HashMap<>();
                    List<Entry> entries = new ArrayList<>(list.getValuesCount());
                    for (KeyValue kv : list.getValuesList()) {
                        Integer at = index.putIfAbsent(kv.getKey(), entries.size());
                        if (at == null) {
                            entries.add(new Entry(kv.getKey(), kv.getValue()));
                        } else {
                            entries.set(at, new Entry(kv.getKey(), kv.getValue()));
                        }
                    }
                    return writeObject(entries);
                }
                default:
                    out.append("null");
                    return true;
            }
        }

        private boolean writeDouble(double d) {
            if (!GoFloats.isJsonEncodable(d)) {
                failedOn = d;
                return false;
            }
            GoFloats.appendJson(out, d, dialect.cleanExponent);
            return true;
        }

        private boolean writeObject(List<Entry> entries) {
            for (Entry e : entries) {
                StringBuilder key = new StringBuilder(e.key.length() + 2);
                writeString(e.key, key);
                e.encodedKey = key.toString();
            }
            entries.sort(dialect.sortByEncodedKey
                    ? (a, b) -> GoStrings.compare(a.encodedKey, b.encodedKey)
                    : (a, b) -> GoStrings.compare(a.key, b.key));
            out.append('{');
            for (int i = 0; i < entries.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(entries.get(i).encodedKey).append(':');
                if (!write(entries.get(i).value)) {
                    return false;
                }
            }
            out.append('}');
            return true;
        }

        /** A JSON string as the dialect's encoder writes it. */
        private void writeString(String s, StringBuilder to) {
            to.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"':
                        to.append("\\\"");
                        break;
                    case '\\':
                        to.append("\\\\");
                        break;
                    case '\n':
                        to.append("\\n");
                        break;
                    case '\r':
                        to.append("\\r");
                        break;
                    case '\t':
                        to.append("\\t");
                        break;
                    case '\b':
                    case '\f':
                        if (dialect.shortBackspaceAndFormFeed) {
                            to.append(c == '\b' ? "\\b" : "\\f");
                        } else {
                            unicodeEscape(c, to);
                        }
                        break;
                    case '<':
                    case '>':
                    case '&':
                        if (dialect.escapeHtml) {
                            unicodeEscape(c, to);
                        } else {
                            to.append(c);
                        }
                        break;
                    case '\u2028':
                    case '\u2029':
                        unicodeEscape(c, to); // both encoders, always
                        break;
                    default:
                        if (c < 0x20) {
                            unicodeEscape(c, to);
                        } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                                && Character.isLowSurrogate(s.charAt(i + 1))) {
                            to.append(c).append(s.charAt(++i));
                        } else if (Character.isSurrogate(c)) {
                            to.append("\\ufffd"); // invalid UTF-8 in Go: replaced
                        } else {
                            to.append(c);
                        }
                }
            }
            to.append('"');
        }

        private static void unicodeEscape(char c, StringBuilder to) {
            to.append("\\u").append(GoStrings.hexDigit(c >> 12)).append(GoStrings.hexDigit(c >> 8))
                    .append(GoStrings.hexDigit(c >> 4)).append(GoStrings.hexDigit(c));
        }
    }

    private static final class Entry {
        final String key;
        final Object value;
        String encodedKey;

        Entry(String key, Object value) {
            this.key = key;
            this.value = value;
        }
    }
}
