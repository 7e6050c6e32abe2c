package io.github.otelflink.connectors.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Decodes OTLP/JSON into any protobuf message of the OTLP schema, following the OTLP JSON
 * mapping (the protobuf JSON mapping with OTLP's changes):
 *
 * <ul>
 *   <li>keys in lowerCamelCase (the proto field names are accepted too); unknown keys, and enum
 *       names this schema does not know, are ignored, as OTLP requires of receivers;
 *   <li>64-bit integers as strings or numbers; other integers as numbers or strings;
 *   <li>doubles as numbers or the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"};
 *   <li>enums as integers (or their names);
 *   <li>{@code traceId}, {@code spanId} and {@code parentSpanId} as hex strings, other bytes as
 *       base64;
 *   <li>{@code null} as an absent field.
 * </ul>
 *
 * <p>It walks the message descriptors rather than going through {@code JsonFormat}: that reads
 * the ids as base64, and says neither where a bad value is nor what it was. Every error here
 * names the field's path, what was expected, what was found, and the line and column.
 * Invalid UTF-8 and lone surrogates in strings are errors, never replaced.
 */
final class OtlpJsonDecoder {

    private static final JsonFactory JSON = new JsonFactory();

    /** JSON's number grammar, for numbers written as strings. */
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    /** Longest value shown in an error message: enough to recognise it, never a whole payload. */
    private static final int MAX_SHOWN_CHARS = 64;

    private static final Map<Descriptor, Map<String, FieldDescriptor>> FIELDS_BY_KEY = new ConcurrentHashMap<>();

    private static final BigInteger UNSIGNED_64_LIMIT = BigInteger.ONE.shiftLeft(64);

    private final FieldPath path = new FieldPath();
    private JsonParser parser;

    private OtlpJsonDecoder() {}

    /** Merges the JSON object in {@code bytes} into {@code builder}. */
    static void decode(byte[] bytes, int offset, int length, Message.Builder builder) throws MalformedOtlpException {
        new OtlpJsonDecoder().decodeInto(bytes, offset, length, builder);
    }

    private void decodeInto(byte[] bytes, int offset, int length, Message.Builder builder) throws MalformedOtlpException {
        try (JsonParser p = JSON.createParser(bytes, offset, length)) {
            parser = p;
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new MalformedOtlpException("empty body: expected a JSON object");
            }
            if (first != JsonToken.START_OBJECT) {
                throw error("expected a JSON object, got " + describeToken());
            }
            readMessage(builder);
            if (p.nextToken() != null) {
                throw error("unexpected " + describeToken() + " after the top-level object");
            }
        } catch (JsonProcessingException e) {
            throw syntaxError(e);
        } catch (MalformedOtlpException e) {
            throw e;
        } catch (IOException e) {
            // Parsing a byte array does no I/O; anything else is the parser's complaint.
            throw new MalformedOtlpException(at("invalid JSON: " + e.getMessage()), e);
        }
    }

    private void readMessage(Message.Builder builder) throws IOException {
        Map<String, FieldDescriptor> fields = fieldsByKey(builder.getDescriptorForType());
        while (nextKey() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            FieldDescriptor field = fields.get(key);
            // On the path before the value is read, so that a syntax error in it names the field.
            path.push(key);
            JsonToken value = parser.nextToken();
            if (field == null || value == JsonToken.VALUE_NULL) {
                parser.skipChildren();
                path.pop();
                continue;
            }
            if (field.isRepeated()) {
                readRepeated(builder, field);
            } else if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                if (parser.currentToken() != JsonToken.START_OBJECT) {
                    throw error("expected an object, got " + describeToken());
                }
                // In place: no copy of the sub-message (a repeated key merges, as protobuf does).
                readMessage(builder.getFieldBuilder(field));
            } else {
                Object scalar = readScalar(field);
                if (scalar != null) {
                    builder.setField(field, scalar);
                }
            }
            path.pop();
        }
    }

    /**
     * Moves to the next key of an object. Jackson reads the first character of the key's value
     * with the key itself, so a syntax error there is the value's: then the key goes on the path.
     */
    private JsonToken nextKey() throws IOException {
        try {
            return parser.nextToken();
        } catch (JsonProcessingException e) {
            if (parser.currentToken() == JsonToken.FIELD_NAME) {
                path.push(parser.currentName());
            }
            throw e;
        }
    }

    private void readRepeated(Message.Builder builder, FieldDescriptor field) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw error("expected an array, got " + describeToken());
        }
        boolean isMessage = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE;
        int index = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            path.index(index++);
            if (parser.currentToken() == JsonToken.VALUE_NULL) {
                throw error("null is not allowed in an array");
            }
            Object element = isMessage ? readSubMessage(builder, field) : readScalar(field);
            if (element != null) {
                builder.addRepeatedField(field, element);
            }
        }
        path.index(-1);
    }

    private Message readSubMessage(Message.Builder parent, FieldDescriptor field) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw error("expected an object, got " + describeToken());
        }
        Message.Builder child = parent.newBuilderForField(field);
        readMessage(child);
        return child.build();
    }

    /** The field's value, or null for an enum name this schema does not know (ignored). */
    private Object readScalar(FieldDescriptor field) throws IOException {
        switch (field.getType()) {
            case DOUBLE:
                return readDouble();
            case FLOAT:
                return (float) readDouble();
            case INT64:
            case SINT64:
            case SFIXED64:
                return readInteger(false, 64);
            case UINT64:
            case FIXED64:
                return readInteger(true, 64);
            case INT32:
            case SINT32:
            case SFIXED32:
                return (int) readInteger(false, 32);
            case UINT32:
            case FIXED32:
                return (int) readInteger(true, 32);
            case BOOL:
                return readBool();
            case STRING:
                return readString();
            case BYTES:
                return readBytes(field);
            case ENUM:
                return readEnum(field);
            default:
                throw error("unsupported field type " + field.getType());
        }
    }

    private double readDouble() throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NUMBER_FLOAT || token == JsonToken.VALUE_NUMBER_INT) {
            return parser.getDoubleValue();
        }
        if (token == JsonToken.VALUE_STRING) {
            String text = parser.getText();
            switch (text) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    if (JSON_NUMBER.matcher(text).matches()) {
                        return Double.parseDouble(text);
                    }
            }
        }
        throw error("expected a number, got " + describeToken());
    }

    private long readInteger(boolean unsigned, int bits) throws IOException {
        JsonToken token = parser.currentToken();
        String kind = (unsigned ? "an unsigned " : "a ") + bits + "-bit integer";
        if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            return checkRange(BigInteger.valueOf(parser.getLongValue()), unsigned, bits, kind);
        }
        if (token == JsonToken.VALUE_NUMBER_INT
                || token == JsonToken.VALUE_NUMBER_FLOAT
                || (token == JsonToken.VALUE_STRING && JSON_NUMBER.matcher(parser.getText()).matches())) {
            BigDecimal decimal = new BigDecimal(parser.getText());
            // Refuse huge exponents before expanding them ("1e999999999" would take minutes).
            if (decimal.precision() - decimal.scale() > 21) {
                throw error("expected " + kind + ", got " + describeToken() + " (out of range)");
            }
            BigInteger integer;
            try {
                integer = decimal.toBigIntegerExact();
            } catch (ArithmeticException e) {
                throw error("expected " + kind + ", got " + describeToken() + " (not a whole number)");
            }
            return checkRange(integer, unsigned, bits, kind);
        }
        throw error("expected " + kind + ", got " + describeToken());
    }

    private long checkRange(BigInteger value, boolean unsigned, int bits, String kind) throws MalformedOtlpException {
        BigInteger min = unsigned ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(bits - 1).negate();
        BigInteger limit = unsigned
                ? (bits == 64 ? UNSIGNED_64_LIMIT : BigInteger.ONE.shiftLeft(bits))
                : BigInteger.ONE.shiftLeft(bits - 1);
        if (value.compareTo(min) < 0 || value.compareTo(limit) >= 0) {
            throw error("expected " + kind + ", got " + describeToken() + " (out of range)");
        }
        return value.longValue();
    }

    private boolean readBool() throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_TRUE) {
            return true;
        }
        if (token == JsonToken.VALUE_FALSE) {
            return false;
        }
        if (token == JsonToken.VALUE_STRING && ("true".equals(parser.getText()) || "false".equals(parser.getText()))) {
            return Boolean.parseBoolean(parser.getText());
        }
        throw error("expected true or false, got " + describeToken());
    }

    private String readString() throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            throw error("expected a string, got " + describeToken());
        }
        String text = parser.getText();
        int bad = unpairedSurrogateAt(text);
        if (bad >= 0) {
            throw error(String.format(
                    "invalid UTF-8: the string has an unpaired surrogate \\u%04x at character %d", (int) text.charAt(bad), bad));
        }
        return text;
    }

    private ByteString readBytes(FieldDescriptor field) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            throw error("expected a string, got " + describeToken());
        }
        String text = parser.getText();
        switch (field.getName()) {
            case "trace_id":
                return readHexId(text, 16);
            case "span_id":
            case "parent_span_id":
                return readHexId(text, 8);
            default:
                try {
                    boolean urlSafe = text.indexOf('-') >= 0 || text.indexOf('_') >= 0;
                    return ByteString.copyFrom((urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(text));
                } catch (IllegalArgumentException e) {
                    throw error("expected base64, got " + describeToken() + " (" + e.getMessage() + ")");
                }
        }
    }

    /** OTLP/JSON writes trace and span ids as hex, not base64; an empty string is no id. */
    private ByteString readHexId(String text, int length) throws MalformedOtlpException {
        if (text.isEmpty()) {
            return ByteString.EMPTY;
        }
        if (text.length() != 2 * length) {
            throw error("expected " + (2 * length) + " hex digits, got " + describeToken());
        }
        byte[] id = new byte[length];
        for (int i = 0; i < length; i++) {
            int high = Character.digit(text.charAt(2 * i), 16);
            int low = Character.digit(text.charAt(2 * i + 1), 16);
            if (high < 0 || low < 0) {
                throw error("expected " + (2 * length) + " hex digits, got " + describeToken());
            }
            id[i] = (byte) (high << 4 | low);
        }
        return ByteString.copyFrom(id);
    }

    private EnumValueDescriptor readEnum(FieldDescriptor field) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT) {
            int number = (int) readInteger(false, 32);
            return field.getEnumType().findValueByNumberCreatingIfUnknown(number);
        }
        if (token == JsonToken.VALUE_STRING) {
            return field.getEnumType().findValueByName(parser.getText());
        }
        throw error("expected an enum number, got " + describeToken());
    }

    private static int unpairedSurrogateAt(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    private static Map<String, FieldDescriptor> fieldsByKey(Descriptor descriptor) {
        Map<String, FieldDescriptor> fields = FIELDS_BY_KEY.get(descriptor);
        if (fields == null) {
            Map<String, FieldDescriptor> byKey = new HashMap<>();
            for (FieldDescriptor field : descriptor.getFields()) {
                byKey.put(field.getName(), field);
                byKey.put(field.getJsonName(), field);
            }
            fields = Map.copyOf(byKey);
            FIELDS_BY_KEY.put(descriptor, fields);
        }
        return fields;
    }

    private String describeToken() {
        JsonToken token = parser.currentToken();
        if (token == null) {
            return "the end of the input";
        }
        try {
            switch (token) {
                case START_OBJECT:
                    return "an object";
                case START_ARRAY:
                    return "an array";
                case VALUE_STRING:
                    return quote(parser.getText());
                default:
                    return shorten(parser.getText());
            }
        } catch (IOException e) {
            return token.toString();
        }
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        String shown = shorten(text);
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }

    private static String shorten(String text) {
        return text.length() <= MAX_SHOWN_CHARS ? text : text.substring(0, MAX_SHOWN_CHARS) + "...";
    }

    private MalformedOtlpException error(String problem) {
        return new MalformedOtlpException(at(problem) + location(parser.currentTokenLocation()));
    }

    private MalformedOtlpException syntaxError(JsonProcessingException e) {
        String problem = "invalid JSON: " + e.getOriginalMessage();
        return new MalformedOtlpException(at(problem) + location(e.getLocation()), e);
    }

    private String at(String problem) {
        return path.isEmpty() ? problem : path + ": " + problem;
    }

    private static String location(JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
