package io.github.otelflink.connectors.decode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads the current JSON token as the value of a scalar protobuf field, by the OTLP JSON mapping
 * (see {@link OtlpJsonDecoder}), for the decoder that walks the messages. A value that does not fit
 * its field is an error made by the decoder, which knows the field's path.
 */
final class OtlpJsonScalarReader {

    /** JSON's number grammar, for numbers written as strings. */
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    /** Longest value shown in an error message: enough to recognise it, never a whole payload. */
    private static final int MAX_SHOWN_CHARS = 64;

    private static final BigInteger UNSIGNED_64_LIMIT = BigInteger.ONE.shiftLeft(64);

    private final JsonParser parser;
    private final Function<String, MalformedOtlpException> error;

    /** @param error makes the exception for a problem with the current token */
    OtlpJsonScalarReader(JsonParser parser, Function<String, MalformedOtlpException> error) {
        this.parser = parser;
        this.error = error;
    }

    /** The field's value, or null for an enum name this schema does not know (ignored). */
    Object read(FieldDescriptor field) throws IOException {
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
                throw error.apply("unsupported field type " + field.getType());
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
        throw error.apply("expected a number, got " + describe(parser));
    }

    private long readInteger(boolean unsigned, int bits) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_STRING) {
            // OTLP/JSON writes 64-bit integers (every timestamp) as strings: most are plain decimal
            // digits that fit a long, read here without the pattern and BigDecimal below (5% of
            // the job's CPU on JSON input, bench README ninth round). Anything else, and anything
            // out of range, takes the exact path, which also words the errors.
            long plain = plainDecimal(parser.getText());
            if (plain != NOT_PLAIN && inRange(plain, unsigned, bits)) {
                return plain;
            }
        }
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
                throw error.apply("expected " + kind + ", got " + describe(parser) + " (out of range)");
            }
            BigInteger integer;
            try {
                integer = decimal.toBigIntegerExact();
            } catch (ArithmeticException e) {
                throw error.apply("expected " + kind + ", got " + describe(parser) + " (not a whole number)");
            }
            return checkRange(integer, unsigned, bits, kind);
        }
        throw error.apply("expected " + kind + ", got " + describe(parser));
    }

    /** Returned by {@link #plainDecimal} for text that is not a plain decimal integer within ±(2^63 - 1). */
    static final long NOT_PLAIN = Long.MIN_VALUE;

    /**
     * The value of {@code text} when it is {@code -?(0|[1-9][0-9]*)} and its magnitude is at most
     * {@code Long.MAX_VALUE} (a timestamp in nanoseconds has 19 digits), else {@link #NOT_PLAIN}.
     */
    static long plainDecimal(String text) {
        int n = text.length();
        int i = n > 0 && text.charAt(0) == '-' ? 1 : 0;
        int digits = n - i;
        if (digits < 1 || digits > 19 || (digits > 1 && text.charAt(i) == '0')) {
            return NOT_PLAIN;
        }
        long v = 0;
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9' || v > (Long.MAX_VALUE - (c - '0')) / 10) {
                return NOT_PLAIN;
            }
            v = v * 10 + (c - '0');
        }
        return text.charAt(0) == '-' ? -v : v;
    }

    /** Whether {@code v} is an integer of {@code bits} bits, unsigned or not (64-bit unsigned: below 2^63 here). */
    private static boolean inRange(long v, boolean unsigned, int bits) {
        if (unsigned) {
            return v >= 0 && (bits == 64 || v < 1L << bits);
        }
        return bits == 64 || (v >= -(1L << (bits - 1)) && v < 1L << (bits - 1));
    }

    private long checkRange(BigInteger value, boolean unsigned, int bits, String kind) throws MalformedOtlpException {
        BigInteger min = unsigned ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(bits - 1).negate();
        BigInteger limit = unsigned
                ? (bits == 64 ? UNSIGNED_64_LIMIT : BigInteger.ONE.shiftLeft(bits))
                : BigInteger.ONE.shiftLeft(bits - 1);
        if (value.compareTo(min) < 0 || value.compareTo(limit) >= 0) {
            throw error.apply("expected " + kind + ", got " + describe(parser) + " (out of range)");
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
        throw error.apply("expected true or false, got " + describe(parser));
    }

    private String readString() throws IOException {
        checkString();
        return parser.getText();
    }

    /**
     * Checks that the current token is a string without unpaired surrogates, on the parser's own
     * characters (no string made): {@link OtlpJsonDecoder} then writes them as UTF-8 itself.
     */
    void checkString() throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            throw error.apply("expected a string, got " + describe(parser));
        }
        char[] chars = parser.getTextCharacters();
        int from = parser.getTextOffset();
        int bad = unpairedSurrogateAt(chars, from, from + parser.getTextLength());
        if (bad >= 0) {
            throw error.apply(String.format(
                    "invalid UTF-8: the string has an unpaired surrogate \\u%04x at character %d", (int) chars[bad], bad - from));
        }
    }

    private ByteString readBytes(FieldDescriptor field) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            throw error.apply("expected a string, got " + describe(parser));
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
                    throw error.apply("expected base64, got " + describe(parser) + " (" + e.getMessage() + ")");
                }
        }
    }

    /** OTLP/JSON writes trace and span ids as hex, not base64; an empty string is no id. */
    private ByteString readHexId(String text, int length) throws MalformedOtlpException {
        if (text.isEmpty()) {
            return ByteString.EMPTY;
        }
        if (text.length() != 2 * length) {
            throw error.apply("expected " + (2 * length) + " hex digits, got " + describe(parser));
        }
        byte[] id = new byte[length];
        for (int i = 0; i < length; i++) {
            int high = Character.digit(text.charAt(2 * i), 16);
            int low = Character.digit(text.charAt(2 * i + 1), 16);
            if (high < 0 || low < 0) {
                throw error.apply("expected " + (2 * length) + " hex digits, got " + describe(parser));
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
        throw error.apply("expected an enum number, got " + describe(parser));
    }

    private static int unpairedSurrogateAt(char[] text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text[i];
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(text[i + 1])) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    /** How the current token reads in an error message: a kind, or the value, quoted if a string, shortened. */
    static String describe(JsonParser parser) {
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
}
