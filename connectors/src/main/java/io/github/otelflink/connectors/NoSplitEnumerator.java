package io.github.otelflink.connectors;

import java.util.List;
import javax.annotation.Nullable;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Does nothing: readers need no splits (see {@link NoSplit}), and there is no state to keep. */
@Internal
public final class NoSplitEnumerator implements SplitEnumerator<NoSplit, NoSplitEnumerator.State> {

    /** The enumerator's checkpoint: empty. */
    public enum State {
        EMPTY
    }

    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtaskId, @Nullable String requesterHostname) {}

    @Override
    public void addSplitsBack(List<NoSplit> splits, int subtaskId) {}

    @Override
    public void addReader(int subtaskId) {}

    @Override
    public State snapshotState(long checkpointId) {
        return State.EMPTY;
    }

    @Override
    public void close() {}

    /** Writes nothing, reads {@link State#EMPTY}. */
    public static final class StateSerializer implements SimpleVersionedSerializer<State> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(State state) {
            return new byte[0];
        }

        @Override
        public State deserialize(int version, byte[] serialized) {
            return State.EMPTY;
        }
    }
}
