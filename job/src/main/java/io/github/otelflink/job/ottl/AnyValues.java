package io.github.otelflink.job.ottl;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Conversion between OTLP {@link AnyValue} and the Java values statements work with. */
final class AnyValues {

    private AnyValues() {
    }

    static Object toJava(AnyValue value) {
        switch (value.getValueCase()) {
            case STRING_VALUE:
                return value.getStringValue();
            case BOOL_VALUE:
                return value.getBoolValue();
            case INT_VALUE:
                return value.getIntValue();
            case DOUBLE_VALUE:
                return value.getDoubleValue();
            case BYTES_VALUE:
                return value.getBytesValue().toByteArray();
            case ARRAY_VALUE: {
                List<AnyValue> values = value.getArrayValue().getValuesList();
                List<Object> list = new ArrayList<>(values.size());
                for (AnyValue element : values) {
                    list.add(toJava(element));
                }
                return Collections.unmodifiableList(list);
            }
            case KVLIST_VALUE: {
                Map<String, Object> map = new LinkedHashMap<>();
                for (KeyValue entry : value.getKvlistValue().getValuesList()) {
                    map.put(entry.getKey(), toJava(entry.getValue()));
                }
                return Collections.unmodifiableMap(map);
            }
            default:
                return null;
        }
    }

    static AnyValue toAnyValue(Object value) {
        if (value == null) {
            return AnyValue.getDefaultInstance();
        }
        AnyValue.Builder out = AnyValue.newBuilder();
        if (value instanceof String s) {
            out.setStringValue(s);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            out.setIntValue(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            out.setDoubleValue(((Number) value).doubleValue());
        } else if (value instanceof Boolean b) {
            out.setBoolValue(b);
        } else if (value instanceof byte[] bytes) {
            out.setBytesValue(ByteString.copyFrom(bytes));
        } else if (value instanceof List<?> list) {
            ArrayValue.Builder array = ArrayValue.newBuilder();
            for (Object element : list) {
                array.addValues(toAnyValue(element));
            }
            out.setArrayValue(array);
        } else if (value instanceof Map<?, ?> map) {
            KeyValueList.Builder kvlist = KeyValueList.newBuilder();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                kvlist.addValues(KeyValue.newBuilder().setKey(String.valueOf(entry.getKey())).setValue(toAnyValue(entry.getValue())));
            }
            out.setKvlistValue(kvlist);
        } else {
            throw new OttlEvaluationException("cannot store a " + Values.typeName(value) + " as an attribute value");
        }
        return out.build();
    }
}
