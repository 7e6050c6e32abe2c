package io.github.otelflink.job.series;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

import java.lang.reflect.Type;
import java.util.Map;

/** Type information for {@link SeriesBatch}: the project's serializer, never Kryo. */
public final class SeriesBatchTypeInfo extends TypeInformation<SeriesBatch> {
    private static final long serialVersionUID = 1L;

    public static final SeriesBatchTypeInfo INSTANCE = new SeriesBatchTypeInfo();

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
    public Class<SeriesBatch> getTypeClass() {
        return SeriesBatch.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<SeriesBatch> createSerializer(SerializerConfig config) {
        return SeriesBatchSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "SeriesBatch";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof SeriesBatchTypeInfo;
    }

    @Override
    public int hashCode() {
        return SeriesBatchTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof SeriesBatchTypeInfo;
    }

    /** Found by Flink's type extraction through {@code @TypeInfo}. */
    public static final class Factory extends TypeInfoFactory<SeriesBatch> {
        @Override
        public TypeInformation<SeriesBatch> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return INSTANCE;
        }
    }
}
