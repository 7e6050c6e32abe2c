package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import io.github.otelflink.job.pdata.GoFloats;

/**
 * {@link GoFloats#formatPlain} with a small cache: bucket bounds and quantiles repeat on every
 * point, and the exact shortest formatting is not cheap. Open addressing on the double's bits;
 * cleared when half full, so memory stays fixed.
 */
final class FloatLabelCache {
    private static final int CAPACITY = 1024;

    private final long[] keys = new long[CAPACITY];
    private final String[] values = new String[CAPACITY];
    private int size;

    String plain(double v) {
        long bits = Double.doubleToRawLongBits(v);
        int slot = (int) (mix(bits) & (CAPACITY - 1));
        while (values[slot] != null) {
            if (keys[slot] == bits) {
                return values[slot];
            }
            slot = (slot + 1) & (CAPACITY - 1);
        }
        String s = GoFloats.formatPlain(v);
        if (size >= CAPACITY / 2) {
            java.util.Arrays.fill(values, null);
            size = 0;
            slot = (int) (mix(bits) & (CAPACITY - 1));
        }
        keys[slot] = bits;
        values[slot] = s;
        size++;
        return s;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        return z ^ (z >>> 33);
    }
}
