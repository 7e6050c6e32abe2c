package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import java.util.Arrays;

/**
 * One side (positive or negative) of an OTLP exponential histogram as native-histogram spans
 * and deltas, optionally at a coarser scale.
 *
 * <p>OTLP bucket {@code offset + i} covers {@code (base^(offset+i), base^(offset+i+1)]}; the
 * Prometheus bucket with the same bounds has index {@code offset + i + 1}. Going down
 * {@code scaleDown} steps merges each {@code 2^scaleDown} neighbouring buckets: OTLP index
 * {@code j} becomes {@code j >> scaleDown} (floor division, also for negative indexes), whose
 * counts are summed.
 *
 * <p>Empty buckets are not sent: a run of up to two empty buckets between filled ones is written
 * as zero deltas inside the span (cheaper than a new span, as client_golang does), a longer run
 * starts a new span. The Collector writes the same counts, possibly with other span boundaries.
 */
final class NativeHistogramBuckets {
    static final NativeHistogramBuckets EMPTY = new NativeHistogramBuckets(new int[0], new int[0], new long[0]);

    /** Largest run of empty buckets written inside a span rather than starting a new one. */
    private static final int MAX_GAP_IN_SPAN = 2;

    final int[] spanOffsets;
    final int[] spanLengths;
    /** Bucket counts as deltas: the first absolute, each next one the change from the one before. */
    final long[] deltas;

    private NativeHistogramBuckets(int[] spanOffsets, int[] spanLengths, long[] deltas) {
        this.spanOffsets = spanOffsets;
        this.spanLengths = spanLengths;
        this.deltas = deltas;
    }

    static NativeHistogramBuckets of(ExponentialHistogramDataPoint.Buckets buckets, int scaleDown) {
        int n = buckets.getBucketCountsCount();
        if (n == 0) {
            return EMPTY;
        }
        Builder b = new Builder(n);
        long offset = buckets.getOffset();
        long index = Long.MIN_VALUE;
        long count = 0;
        for (int i = 0; i < n; i++) {
            long next = ((offset + i) >> scaleDown) + 1;
            if (next != index) {
                b.bucket(index, count);
                index = next;
                count = 0;
            }
            count += buckets.getBucketCounts(i);
        }
        b.bucket(index, count);
        return b.build();
    }

    /** Total of the counts (for tests and checks). */
    long totalCount() {
        long total = 0;
        long current = 0;
        for (long d : deltas) {
            current += d;
            total += current;
        }
        return total;
    }

    private static final class Builder {
        private int[] offsets = new int[4];
        private int[] lengths = new int[4];
        private int spans;
        private long[] deltas;
        private int size;
        private long lastIndex;
        private long lastCount;

        Builder(int maxBuckets) {
            deltas = new long[Math.min(maxBuckets, 64)];
        }

        /** Adds a merged bucket; empty buckets are skipped. */
        void bucket(long index, long count) {
            if (count == 0) {
                return;
            }
            if (spans == 0) {
                newSpan(index);
            } else {
                long gap = index - lastIndex - 1;
                if (gap > MAX_GAP_IN_SPAN) {
                    newSpan(gap);
                } else {
                    for (long g = 0; g < gap; g++) {
                        append(0);
                    }
                }
            }
            append(count);
            lastIndex = index;
        }

        private void newSpan(long offset) {
            if (offset < Integer.MIN_VALUE || offset > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("bucket index out of range: " + offset);
            }
            if (spans == offsets.length) {
                offsets = Arrays.copyOf(offsets, spans * 2);
                lengths = Arrays.copyOf(lengths, spans * 2);
            }
            offsets[spans] = (int) offset;
            lengths[spans] = 0;
            spans++;
        }

        private void append(long count) {
            if (size == deltas.length) {
                deltas = Arrays.copyOf(deltas, size * 2);
            }
            deltas[size++] = count - lastCount;
            lastCount = count;
            lengths[spans - 1]++;
        }

        NativeHistogramBuckets build() {
            if (size == 0) {
                return EMPTY;
            }
            return new NativeHistogramBuckets(Arrays.copyOf(offsets, spans), Arrays.copyOf(lengths, spans),
                    Arrays.copyOf(deltas, size));
        }
    }
}
