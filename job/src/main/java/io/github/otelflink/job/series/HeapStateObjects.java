package io.github.otelflink.job.series;

import org.apache.flink.api.common.state.MapState;

import java.lang.reflect.Field;

/**
 * Whether a {@link MapState}'s values are the live objects of Flink's heap backend, so that a value
 * changed in place after {@code get} needs no {@code put}. True only for the heap backend's own map
 * state: on RocksDB and ForSt {@code get} returns a copy, and the changelog, TTL and latency-tracking
 * wrappers must see the {@code put} to record the change, so for anything else the answer is false
 * and the caller keeps putting. The heap backend copies a value on access while a snapshot is
 * running, so changing the returned object in place never changes a checkpoint being written.
 */
final class HeapStateObjects {
    private static final String HEAP_MAP_STATE = "org.apache.flink.runtime.state.heap.HeapMapState";
    private static final String USER_FACING = "org.apache.flink.runtime.state.UserFacingMapState";

    private HeapStateObjects() {}

    /** True if {@code state} is the heap backend's map state, unwrapped from the user-facing view. */
    static boolean isHeapMapState(MapState<?, ?> state) {
        Object inner = state;
        if (inner.getClass().getName().equals(USER_FACING)) {
            try {
                Field f = inner.getClass().getDeclaredField("originalState");
                f.setAccessible(true);
                inner = f.get(inner);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return false; // another Flink version: keep putting, which is always correct
            }
        }
        return inner != null && inner.getClass().getName().equals(HEAP_MAP_STATE);
    }

    /**
     * Checks on one entry that {@code get} returns the object just put, the behaviour the caller
     * relies on; {@code put} is called either way, so the entry is stored on every backend.
     */
    static <K, V> boolean putAndCheckLive(MapState<K, V> state, K key, V value) throws Exception {
        state.put(key, value);
        return isHeapMapState(state) && state.get(key) == value;
    }
}
