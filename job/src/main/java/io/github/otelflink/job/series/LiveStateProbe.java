package io.github.otelflink.job.series;

import java.util.function.Supplier;
import org.apache.flink.api.common.state.ValueState;

/**
 * Tells whether a state backend hands out its live objects (the heap backend: a value can be
 * changed in place) or a deserialized copy on every access (RocksDB, ForSt), by asking for a
 * value twice. Needs a current key; writes nothing that stays.
 */
final class LiveStateProbe {
    private LiveStateProbe() {}

    static <T> boolean handsOutLiveObjects(ValueState<T> state, Supplier<T> probe) throws Exception {
        T current = state.value();
        if (current != null) {
            return state.value() == current;
        }
        T made = probe.get();
        state.update(made);
        boolean live = state.value() == made;
        state.clear();
        return live;
    }
}
