package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import io.github.otelflink.connectors.decode.WireCursor;
import java.util.Arrays;

/**
 * Where the occurrences of a repeated message field are in a request's bytes, to be read after
 * the message's other fields (a point's attributes, once its value is known). Reused per message.
 */
final class FieldOccurrences {
    int size;
    int[] starts;
    int[] ends;

    FieldOccurrences(int capacity) {
        starts = new int[capacity];
        ends = new int[capacity];
    }

    void clear() {
        size = 0;
    }

    /** Notes the length-delimited field at {@code c.pos} and moves past it. */
    void add(WireCursor c, int end) {
        int stop = c.lengthDelimited(end);
        if (size == starts.length) {
            starts = Arrays.copyOf(starts, size * 2);
            ends = Arrays.copyOf(ends, size * 2);
        }
        starts[size] = c.pos;
        ends[size++] = stop;
        c.pos = stop;
    }
}
