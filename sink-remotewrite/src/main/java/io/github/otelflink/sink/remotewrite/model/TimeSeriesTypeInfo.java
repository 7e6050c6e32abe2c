package io.github.otelflink.sink.remotewrite.model;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

import java.lang.reflect.Type;
import java.util.Map;

/** Flink type information for {@link TimeSeries}: the project's serializer, never Kryo. */
public final class TimeSeriesTypeInfo extends TypeInformation<TimeSeries> {
    private static final long serialVersionUID = 1L;

    public static final TimeSeriesTypeInfo INSTANCE = new TimeSeriesTypeInfo();

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<TimeSeries> getTypeClass() {
        return TimeSeries.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<TimeSeries> createSerializer(SerializerConfig config) {
        return TimeSeriesSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "TimeSeries";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof TimeSeriesTypeInfo;
    }

    @Override
    public int hashCode() {
        return TimeSeriesTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof TimeSeriesTypeInfo;
    }

    /** Lets Flink's type extraction find this type information through {@code @TypeInfo}. */
    public static final class Factory extends TypeInfoFactory<TimeSeries> {
        @Override
        public TypeInformation<TimeSeries> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return INSTANCE;
        }
    }
}
