package io.github.otelflink.connectors.scrape;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The scrape source has no splits: subtask 0 scrapes every target and nothing is ever re-read.
 * The type exists because {@code Source} needs one; the enumerator never creates any.
 */
@Internal
public final class ScrapeSplit implements SourceSplit {
    private final String id;

    ScrapeSplit(String id) {
        this.id = id;
    }

    @Override
    public String splitId() {
        return id;
    }

    /** Serializes the (never created) splits. */
    static final class Serializer implements SimpleVersionedSerializer<ScrapeSplit> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(ScrapeSplit split) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeUTF(split.id);
            }
            return bytes.toByteArray();
        }

        @Override
        public ScrapeSplit deserialize(int version, byte[] serialized) throws IOException {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                return new ScrapeSplit(in.readUTF());
            }
        }
    }
}
