package io.github.otelflink.connectors.otlp;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The OTLP ingress has no splits: each reader serves whatever clients send to its sockets, and
 * what it has emitted is never read again. The type exists because {@code Source} needs one; the
 * enumerator never creates any.
 */
@Internal
public final class OtlpIngressSplit implements SourceSplit {
    private final String id;

    OtlpIngressSplit(String id) {
        this.id = id;
    }

    @Override
    public String splitId() {
        return id;
    }

    /** Serializes the (never created) splits, and the enumerator's empty state. */
    static final class Serializer implements SimpleVersionedSerializer<OtlpIngressSplit> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(OtlpIngressSplit split) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeUTF(split.id);
            }
            return bytes.toByteArray();
        }

        @Override
        public OtlpIngressSplit deserialize(int version, byte[] serialized) throws IOException {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                return new OtlpIngressSplit(in.readUTF());
            }
        }
    }
}
