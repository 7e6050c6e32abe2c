package io.github.otelflink.job.processor.resource;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.ArrayList;
import java.util.List;

/** Builds OTLP attributes for the tests: {@code attrs("k", "v", "n", 1L)}. */
final class Attrs {

    private Attrs() {}

    static AnyValue value(Object v) {
        AnyValue.Builder b = AnyValue.newBuilder();
        if (v instanceof AnyValue any) {
            return any;
        } else if (v instanceof String s) {
            b.setStringValue(s);
        } else if (v instanceof Long l) {
            b.setIntValue(l);
        } else if (v instanceof Integer i) {
            b.setIntValue(i);
        } else if (v instanceof Double d) {
            b.setDoubleValue(d);
        } else if (v instanceof Boolean bool) {
            b.setBoolValue(bool);
        } else if (v instanceof byte[] bytes) {
            b.setBytesValue(ByteString.copyFrom(bytes));
        } else {
            throw new IllegalArgumentException(String.valueOf(v));
        }
        return b.build();
    }

    static AnyValue array(Object... values) {
        ArrayValue.Builder array = ArrayValue.newBuilder();
        for (Object v : values) {
            array.addValues(value(v));
        }
        return AnyValue.newBuilder().setArrayValue(array).build();
    }

    static AnyValue kvlist(Object... keyValues) {
        return AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder().addAllValues(attrs(keyValues))).build();
    }

    static List<KeyValue> attrs(Object... keyValues) {
        List<KeyValue> out = new ArrayList<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            out.add(KeyValue.newBuilder().setKey((String) keyValues[i]).setValue(value(keyValues[i + 1])).build());
        }
        return out;
    }

    static ResourceMetrics.Builder resourceMetrics(Object... keyValues) {
        return ResourceMetrics.newBuilder().setResource(Resource.newBuilder().addAllAttributes(attrs(keyValues)));
    }
}
