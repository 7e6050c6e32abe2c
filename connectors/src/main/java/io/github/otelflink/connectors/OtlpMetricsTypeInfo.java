package io.github.otelflink.connectors;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * Type information for OTLP {@link ExportMetricsServiceRequest}s flowing from a source into the
 * pipeline. Protobuf messages are immutable, so copying between chained operators is free, and
 * when they must be serialized they use their own wire format, never Kryo.
 */
public final class OtlpMetricsTypeInfo extends TypeInformation<ExportMetricsServiceRequest> {
    private static final long serialVersionUID = 1L;

    public static final OtlpMetricsTypeInfo INSTANCE = new OtlpMetricsTypeInfo();

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
    public Class<ExportMetricsServiceRequest> getTypeClass() {
        return ExportMetricsServiceRequest.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<ExportMetricsServiceRequest> createSerializer(SerializerConfig config) {
        return Serializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "ExportMetricsServiceRequest";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof OtlpMetricsTypeInfo;
    }

    @Override
    public int hashCode() {
        return OtlpMetricsTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof OtlpMetricsTypeInfo;
    }

    /** Length-prefixed protobuf bytes. */
    public static final class Serializer extends TypeSerializerSingleton<ExportMetricsServiceRequest> {
        private static final long serialVersionUID = 1L;

        public static final Serializer INSTANCE = new Serializer();

        @Override
        public boolean isImmutableType() {
            return true;
        }

        @Override
        public ExportMetricsServiceRequest createInstance() {
            return ExportMetricsServiceRequest.getDefaultInstance();
        }

        @Override
        public ExportMetricsServiceRequest copy(ExportMetricsServiceRequest from) {
            return from;
        }

        @Override
        public ExportMetricsServiceRequest copy(ExportMetricsServiceRequest from, ExportMetricsServiceRequest reuse) {
            return from;
        }

        @Override
        public int getLength() {
            return -1;
        }

        @Override
        public void serialize(ExportMetricsServiceRequest record, DataOutputView target) throws IOException {
            byte[] bytes = record.toByteArray();
            target.writeInt(bytes.length);
            target.write(bytes);
        }

        @Override
        public ExportMetricsServiceRequest deserialize(DataInputView source) throws IOException {
            byte[] bytes = new byte[source.readInt()];
            source.readFully(bytes);
            return ExportMetricsServiceRequest.parseFrom(bytes);
        }

        @Override
        public ExportMetricsServiceRequest deserialize(ExportMetricsServiceRequest reuse, DataInputView source)
                throws IOException {
            return deserialize(source);
        }

        @Override
        public void copy(DataInputView source, DataOutputView target) throws IOException {
            int n = source.readInt();
            target.writeInt(n);
            target.write(source, n);
        }

        @Override
        public TypeSerializerSnapshot<ExportMetricsServiceRequest> snapshotConfiguration() {
            return new Snapshot();
        }

        /** Snapshot for restore compatibility checks. */
        public static final class Snapshot extends SimpleTypeSerializerSnapshot<ExportMetricsServiceRequest> {
            public Snapshot() {
                super(() -> INSTANCE);
            }
        }
    }
}
