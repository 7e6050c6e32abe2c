package io.github.otelflink.connectors.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
 * the ids as base64, and says neither where a bad value is nor what it was. It writes protobuf
 * wire format as it reads ({@link WireWriter}), which the generated parser then reads: protobuf-java's
 * generic setters would go through reflection for every field. Every error here
 * names the field's path, what was expected, what was found, and the line and column.
 * Invalid UTF-8 and lone surrogates in strings are errors, never replaced.
 */
final class OtlpJsonDecoder {

    private static final JsonFactory JSON = new JsonFactory();

    private static final Map<Descriptor, Map<String, JsonField>> FIELDS_BY_KEY = new ConcurrentHashMap<>();

    private final FieldPath path = new FieldPath();
    private final WireWriter out = new WireWriter();
    private JsonParser parser;
    private OtlpJsonScalarReader scalars;

    private OtlpJsonDecoder() {}

    /** Merges the JSON object in {@code bytes} into {@code builder}. */
    static void decode(byte[] bytes, int offset, int length, Message.Builder builder) throws MalformedOtlpException {
        byte[] wire = toWire(bytes, offset, length, builder.getDescriptorForType());
        try {
            builder.mergeFrom(wire);
        } catch (InvalidProtocolBufferException e) {
            // WireWriter writes what the descriptors declare, so what the parser can refuse is
            // the client's nesting: deeper than protobuf-java's limit of 100 messages.
            throw new MalformedOtlpException("the request does not decode: " + e.getMessage(), e);
        }
    }

    /** The JSON object in {@code bytes}, a message of type {@code type}, in protobuf wire format. */
    static byte[] toWire(byte[] bytes, int offset, int length, Descriptor type) throws MalformedOtlpException {
        OtlpJsonDecoder decoder = new OtlpJsonDecoder();
        decoder.decodeInto(bytes, offset, length, type);
        return decoder.out.toByteArray();
    }

    private void decodeInto(byte[] bytes, int offset, int length, Descriptor type) throws MalformedOtlpException {
        try (JsonParser p = JSON.createParser(bytes, offset, length)) {
            parser = p;
            scalars = new OtlpJsonScalarReader(p, this::error);
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new MalformedOtlpException("empty body: expected a JSON object");
            }
            if (first != JsonToken.START_OBJECT) {
                throw error("expected a JSON object, got " + describeToken());
            }
            readMessage(type);
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

    private void readMessage(Descriptor type) throws IOException {
        Map<String, JsonField> fields = fieldsByKey(type);
        while (nextKey() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            JsonField field = fields.get(key);
            // On the path before the value is read, so that a syntax error in it names the field.
            path.push(key);
            JsonToken value = parser.nextToken();
            if (field == null || value == JsonToken.VALUE_NULL) {
                parser.skipChildren();
                path.pop();
                continue;
            }
            if (field.repeated) {
                readRepeated(field);
            } else if (field.message) {
                // A repeated key writes the message twice, and protobuf merges the two.
                readSubMessage(field);
            } else {
                readScalar(field);
            }
            path.pop();
        }
    }

    private void readScalar(JsonField field) throws IOException {
        if (field.string) {
            scalars.checkString();
            int from = parser.getTextOffset();
            out.string(field.number, parser.getTextCharacters(), from, from + parser.getTextLength());
            return;
        }
        Object scalar = scalars.read(field.descriptor);
        if (scalar != null) {
            out.scalar(field.descriptor, scalar);
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

    private void readRepeated(JsonField field) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw error("expected an array, got " + describeToken());
        }
        int index = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            path.index(index++);
            if (parser.currentToken() == JsonToken.VALUE_NULL) {
                throw error("null is not allowed in an array");
            }
            if (field.message) {
                readSubMessage(field);
            } else {
                readScalar(field);
            }
        }
        path.index(-1);
    }

    private void readSubMessage(JsonField field) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw error("expected an object, got " + describeToken());
        }
        out.beginMessage(field.number);
        readMessage(field.descriptor.getMessageType());
        out.endMessage();
    }

    /**
     * A field with what the walk asks of it on every value, read from the descriptor once:
     * protobuf-java works out {@code isRepeated()} from the descriptor's proto on every call (8% of
     * the ingress threads on JSON input).
     */
    private record JsonField(FieldDescriptor descriptor, int number, boolean repeated, boolean message, boolean string) {
        static JsonField of(FieldDescriptor field) {
            return new JsonField(field, field.getNumber(), field.isRepeated(),
                    field.getJavaType() == FieldDescriptor.JavaType.MESSAGE, field.getType() == FieldDescriptor.Type.STRING);
        }
    }

    private static Map<String, JsonField> fieldsByKey(Descriptor descriptor) {
        Map<String, JsonField> fields = FIELDS_BY_KEY.get(descriptor);
        if (fields == null) {
            Map<String, JsonField> byKey = new HashMap<>();
            for (FieldDescriptor field : descriptor.getFields()) {
                JsonField f = JsonField.of(field);
                byKey.put(field.getName(), f);
                byKey.put(field.getJsonName(), f);
            }
            fields = Map.copyOf(byKey);
            FIELDS_BY_KEY.put(descriptor, fields);
        }
        return fields;
    }

    private String describeToken() {
        return OtlpJsonScalarReader.describe(parser);
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
