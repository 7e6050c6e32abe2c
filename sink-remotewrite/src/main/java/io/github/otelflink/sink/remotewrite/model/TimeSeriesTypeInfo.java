package io.github.otelflink.sink.remotewrite.model;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

import java.lang.reflect.Type;
import java.util.Map;

/** Flink type information for {@link TimeSeries}: the project's serializer, never Kryo. */
@PublicEvolving
public final class TimeSeriesTypeInfo extends SerializerTypeInfo<TimeSeries> {
    private static final long serialVersionUID = 1L;

    public static final TimeSeriesTypeInfo INSTANCE = new TimeSeriesTypeInfo();

    private TimeSeriesTypeInfo() {
        super(TimeSeries.class, TimeSeriesSerializer.INSTANCE);
    }

    /** Lets Flink's type extraction find this type information through {@code @TypeInfo}. */
    public static final class Factory extends TypeInfoFactory<TimeSeries> {
        @Override
        public TypeInformation<TimeSeries> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return INSTANCE;
        }
    }
}
