package io.github.otelflink.connectors;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The split type of sources that have none: the OTLP ingress (each reader serves whatever clients
 * send to its sockets) and the scrape receiver (subtask 0 scrapes); what they emitted is never read
 * again. The type exists because {@code Source} needs one; {@link NoSplitEnumerator} never creates any.
 */
@Internal
public final class NoSplit implements SourceSplit {
    private final String id;

    NoSplit(String id) {
        this.id = id;
    }

    @Override
    public String splitId() {
        return id;
    }

    /** Serializes the (never created) splits, and the enumerator's empty state. */
    public static final class Serializer implements SimpleVersionedSerializer<NoSplit> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(NoSplit split) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeUTF(split.id);
            }
            return bytes.toByteArray();
        }

        @Override
        public NoSplit deserialize(int version, byte[] serialized) throws IOException {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                return new NoSplit(in.readUTF());
            }
        }
    }
}
