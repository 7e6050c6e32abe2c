package io.github.otelflink.sink.remotewrite.model;

import org.apache.flink.annotation.PublicEvolving;

/**
 * Prometheus's staleness marker: a NaN with one exact bit pattern. Only raw-bit operations keep
 * it: {@code Double.doubleToLongBits} canonicalises every NaN and so destroys the marker.
 */
@PublicEvolving
public final class StaleNaN {
    /** The marker's bits, {@code 0x7ff0000000000002}, as in Prometheus {@code value.StaleNaN}. */
    public static final long BITS = 0x7ff0000000000002L;

    /** The marker as a double; compare with {@link #isStaleNaN}, never with {@code ==}. */
    public static final double VALUE = Double.longBitsToDouble(BITS);

    private StaleNaN() {}

    public static boolean isStaleNaN(double value) {
        return Double.doubleToRawLongBits(value) == BITS;
    }
}
