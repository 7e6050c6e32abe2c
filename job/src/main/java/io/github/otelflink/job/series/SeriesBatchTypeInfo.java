package io.github.otelflink.job.series;

import io.github.otelflink.sink.remotewrite.model.SerializerTypeInfo;

import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

import java.lang.reflect.Type;
import java.util.Map;

/** Type information for {@link SeriesBatch}: the project's serializer, never Kryo. */
public final class SeriesBatchTypeInfo extends SerializerTypeInfo<SeriesBatch> {
    private static final long serialVersionUID = 1L;

    public static final SeriesBatchTypeInfo INSTANCE = new SeriesBatchTypeInfo();

    private SeriesBatchTypeInfo() {
        super(SeriesBatch.class, SeriesBatchSerializer.INSTANCE);
    }

    /** Found by Flink's type extraction through {@code @TypeInfo}. */
    public static final class Factory extends TypeInfoFactory<SeriesBatch> {
        @Override
        public TypeInformation<SeriesBatch> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return INSTANCE;
        }
    }
}
