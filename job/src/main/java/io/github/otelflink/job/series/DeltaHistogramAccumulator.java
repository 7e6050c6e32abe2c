package io.github.otelflink.job.series;

import io.github.otelflink.sink.remotewrite.model.Histogram;

import javax.annotation.Nullable;

/**
 * Adds delta native histograms (translated from DELTA exponential histograms) into a
 * {@link NativeHistogramTotal} and gives the total back as the cumulative histogram Prometheus
 * expects, the way the OpenTelemetry SDK and Prometheus merge exponential histograms:
 *
 * <ul>
 *   <li>Different schemas meet at the lower (coarser) one: Prometheus bucket {@code i} at schema
 *       {@code s} lies in bucket {@code ((i - 1) >> (s - s')) + 1} at schema {@code s' < s} (the
 *       OTel rule {@code j >> (s - s')} on the OTLP index {@code j = i - 1}), whose counts are summed.
 *   <li>When the buckets of one sign would span more than {@link #MAX_BUCKETS} indexes, the schema
 *       goes down further, as the SDK does at its {@code max_size} of 160: resolution is given up,
 *       no count is lost. Only below schema -4 (which never happens for finite values: at -4 all
 *       doubles fit in 133 buckets) or for a float histogram does {@link #add} refuse.
 *   <li>Different zero thresholds: the larger one is taken; a populated bucket that straddles it
 *       widens it to the bucket's upper bound, then every bucket below the threshold is folded into
 *       the zero bucket (Prometheus' own rule for adding histograms), so no count is lost and the
 *       zero bucket stays exact.
 * </ul>
 * Count and sum are added as given. Bucket bounds at schemas above 0 are computed with
 * {@link Math#pow}, which may differ from Prometheus' table in the last bit: that matters only when
 * a zero threshold falls exactly on such a bound.
 */
final class DeltaHistogramAccumulator {
    /** Most buckets of one sign in a total: the OTel SDK's default {@code max_size}. */
    static final int MAX_BUCKETS = 160;
    /** The coarsest native-histogram schema. */
    static final int MIN_SCHEMA = -4;
    /** Largest run of empty buckets written inside a span rather than starting a new one. */
    private static final int MAX_GAP_IN_SPAN = 2;

    private DeltaHistogramAccumulator() {}

    /** An empty total at the schema and zero threshold of its first delta. */
    static NativeHistogramTotal emptyFor(Histogram first) {
        NativeHistogramTotal t = new NativeHistogramTotal();
        t.schema = first.schema();
        t.zeroThreshold = first.zeroThreshold();
        return t;
    }

    /**
     * Adds {@code delta} to {@code total}; false, with {@code total} unchanged, when it cannot be
     * added (a float histogram, malformed spans, or buckets too wide even at schema -4).
     */
    static boolean add(NativeHistogramTotal total, Histogram delta) {
        if (delta.isFloat()) {
            return false;
        }
        Buckets dPos = Buckets.fromSpans(delta.positiveSpanOffsets(), delta.positiveSpanLengths(), delta.positiveDeltas());
        Buckets dNeg = Buckets.fromSpans(delta.negativeSpanOffsets(), delta.negativeSpanLengths(), delta.negativeDeltas());
        if (dPos == null || dNeg == null) {
            return false;
        }
        Buckets tPos = Buckets.fromDense(total.positiveOffset, total.positive);
        Buckets tNeg = Buckets.fromDense(total.negativeOffset, total.negative);
        int schema = Math.min(total.schema, delta.schema());
        while (schema >= MIN_SCHEMA && (span(tPos, total.schema, dPos, delta.schema(), schema) > MAX_BUCKETS
                || span(tNeg, total.schema, dNeg, delta.schema(), schema) > MAX_BUCKETS)) {
            schema--;
        }
        if (schema < MIN_SCHEMA) {
            return false;
        }
        tPos = tPos.toSchema(total.schema, schema);
        tNeg = tNeg.toSchema(total.schema, schema);
        dPos = dPos.toSchema(delta.schema(), schema);
        dNeg = dNeg.toSchema(delta.schema(), schema);

        double threshold = Math.max(total.zeroThreshold, delta.zeroThreshold());
        threshold = widenZeroThreshold(threshold, schema, tPos, tNeg, dPos, dNeg);
        long zeroCount = total.zeroCount + delta.zeroCountInt()
                + tPos.foldBelow(threshold, schema) + tNeg.foldBelow(threshold, schema)
                + dPos.foldBelow(threshold, schema) + dNeg.foldBelow(threshold, schema);

        long posFirst = Math.min(tPos.firstIndex(), dPos.firstIndex());
        long negFirst = Math.min(tNeg.firstIndex(), dNeg.firstIndex());
        long[] positive = dense(posFirst, tPos, dPos);
        long[] negative = dense(negFirst, tNeg, dNeg);

        total.schema = schema;
        total.zeroThreshold = threshold;
        total.zeroCount = zeroCount;
        total.count += delta.countInt();
        total.sum += delta.sum();
        total.positiveOffset = positive.length == 0 ? 0 : (int) posFirst;
        total.positive = positive;
        total.negativeOffset = negative.length == 0 ? 0 : (int) negFirst;
        total.negative = negative;
        return true;
    }

    /** The total as a cumulative integer native histogram at {@code timestampMs}. */
    static Histogram toHistogram(NativeHistogramTotal total, long timestampMs, int resetHint, long startMs) {
        Spans pos = Spans.of(total.positiveOffset, total.positive);
        Spans neg = Spans.of(total.negativeOffset, total.negative);
        return Histogram.integerHistogram()
                .count(total.count)
                .sum(total.sum)
                .schema(total.schema)
                .zeroThreshold(total.zeroThreshold)
                .zeroCount(total.zeroCount)
                .positiveSpans(pos.offsets, pos.lengths)
                .positiveDeltas(pos.deltas)
                .negativeSpans(neg.offsets, neg.lengths)
                .negativeDeltas(neg.deltas)
                .resetHint(resetHint)
                .timestampMs(timestampMs)
                .startTimestampMs(startMs)
                .build();
    }

    /** The upper bound of Prometheus bucket {@code index} at {@code schema}: 2^(index * 2^-schema). */
    static double upperBound(long index, int schema) {
        if (schema <= 0) {
            long exponent = Math.max(-1100, Math.min(1100, index << -schema));
            return Math.scalb(1.0, (int) exponent);
        }
        return Math.pow(2.0, Math.scalb((double) index, -schema));
    }

    /** How many indexes the two bucket sets span together at {@code target}; 0 when both are empty. */
    private static long span(Buckets a, int aSchema, Buckets b, int bSchema, int target) {
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        if (a.size() > 0) {
            lo = Buckets.map(a.firstIndex(), aSchema, target);
            hi = Buckets.map(a.lastIndex(), aSchema, target);
        }
        if (b.size() > 0) {
            lo = Math.min(lo, Buckets.map(b.firstIndex(), bSchema, target));
            hi = Math.max(hi, Buckets.map(b.lastIndex(), bSchema, target));
        }
        return lo > hi ? 0 : hi - lo + 1;
    }

    /** Raises {@code t} to the upper bound of every populated bucket it falls inside, until none. */
    private static double widenZeroThreshold(double t, int schema, Buckets... sides) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Buckets b : sides) {
                for (int i = b.first; i < b.size; i++) {
                    if (upperBound(b.index[i] - 1, schema) >= t) {
                        break; // sorted: every further bucket lies above the zero bucket too
                    }
                    double upper = upperBound(b.index[i], schema);
                    if (upper > t) {
                        t = upper;
                        changed = true;
                    }
                }
            }
        }
        return t;
    }

    private static long[] dense(long first, Buckets a, Buckets b) {
        if (a.size() == 0 && b.size() == 0) {
            return new long[0];
        }
        long last = Math.max(a.lastIndex(), b.lastIndex());
        long[] counts = new long[(int) (last - first + 1)];
        a.addTo(counts, first);
        b.addTo(counts, first);
        return counts;
    }

    /** Populated buckets of one sign: Prometheus indexes ascending, from {@code first} on. */
    private static final class Buckets {
        final long[] index;
        final long[] count;
        final int size;
        /** Buckets before this one were folded into the zero bucket. */
        int first;

        private Buckets(long[] index, long[] count, int size) {
            this.index = index;
            this.count = count;
            this.size = size;
        }

        /** Null when the spans and deltas disagree or a count goes negative. */
        @Nullable
        static Buckets fromSpans(int[] offsets, int[] lengths, long[] deltas) {
            int n = 0;
            for (int l : lengths) {
                n += l;
            }
            if (n != deltas.length) {
                return null;
            }
            long[] index = new long[n];
            long[] count = new long[n];
            int size = 0;
            long i = 0;
            long c = 0;
            int k = 0;
            for (int s = 0; s < offsets.length; s++) {
                i += offsets[s];
                for (int j = 0; j < lengths[s]; j++, i++) {
                    c += deltas[k++];
                    if (c < 0) {
                        return null;
                    }
                    if (c > 0) {
                        index[size] = i;
                        count[size++] = c;
                    }
                }
            }
            return new Buckets(index, count, size);
        }

        static Buckets fromDense(int offset, long[] counts) {
            long[] index = new long[counts.length];
            long[] count = new long[counts.length];
            int size = 0;
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] != 0) {
                    index[size] = offset + (long) i;
                    count[size++] = counts[i];
                }
            }
            return new Buckets(index, count, size);
        }

        static long map(long index, int from, int to) {
            return ((index - 1) >> (from - to)) + 1;
        }

        /** The same buckets at the coarser schema {@code to}, neighbours that meet summed. */
        Buckets toSchema(int from, int to) {
            if (from == to || size == 0) {
                return this;
            }
            long[] mi = new long[size];
            long[] mc = new long[size];
            int n = 0;
            for (int i = 0; i < size; i++) {
                long m = map(index[i], from, to);
                if (n > 0 && mi[n - 1] == m) {
                    mc[n - 1] += count[i];
                } else {
                    mi[n] = m;
                    mc[n++] = count[i];
                }
            }
            return new Buckets(mi, mc, n);
        }

        /** Removes the buckets below {@code threshold} (after widening: wholly inside it), returning their count. */
        long foldBelow(double threshold, int schema) {
            long folded = 0;
            while (first < size && upperBound(index[first] - 1, schema) < threshold) {
                folded += count[first++];
            }
            return folded;
        }

        int size() {
            return size - first;
        }

        long firstIndex() {
            return size() == 0 ? Long.MAX_VALUE : index[first];
        }

        long lastIndex() {
            return size() == 0 ? Long.MIN_VALUE : index[size - 1];
        }

        void addTo(long[] counts, long offset) {
            for (int i = first; i < size; i++) {
                counts[(int) (index[i] - offset)] += count[i];
            }
        }
    }

    /** Dense counts as native-histogram spans and deltas; short runs of empty buckets stay inside a span. */
    private static final class Spans {
        private static final Spans NONE = new Spans(new int[0], new int[0], new long[0]);

        final int[] offsets;
        final int[] lengths;
        final long[] deltas;

        private Spans(int[] offsets, int[] lengths, long[] deltas) {
            this.offsets = offsets;
            this.lengths = lengths;
            this.deltas = deltas;
        }

        static Spans of(int offset, long[] counts) {
            if (counts.length == 0) {
                return NONE;
            }
            // Two passes: count the spans and buckets, then fill exact-size arrays.
            int spans = 0;
            int buckets = 0;
            int last = -1;
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) {
                    continue;
                }
                if (last < 0 || i - last - 1 > MAX_GAP_IN_SPAN) {
                    spans++;
                    buckets++;
                } else {
                    buckets += i - last;
                }
                last = i;
            }
            int[] offsets = new int[spans];
            int[] lengths = new int[spans];
            long[] deltas = new long[buckets];
            int s = -1;
            int k = 0;
            long previous = 0;
            last = -1;
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) {
                    continue;
                }
                if (last < 0 || i - last - 1 > MAX_GAP_IN_SPAN) {
                    offsets[++s] = last < 0 ? offset + i : i - last - 1;
                } else {
                    for (int g = last + 1; g < i; g++) {
                        deltas[k++] = -previous;
                        previous = 0;
                        lengths[s]++;
                    }
                }
                deltas[k++] = counts[i] - previous;
                previous = counts[i];
                lengths[s]++;
                last = i;
            }
            return new Spans(offsets, lengths, deltas);
        }
    }
}
