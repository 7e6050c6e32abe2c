package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint.Buckets;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class NativeHistogramBucketsTest {

    private static Buckets buckets(int offset, long... counts) {
        Buckets.Builder b = Buckets.newBuilder().setOffset(offset);
        for (long c : counts) {
            b.addBucketCounts(c);
        }
        return b.build();
    }

    @Test
    void sameScaleShiftsIndexByOne() {
        NativeHistogramBuckets b = NativeHistogramBuckets.of(buckets(0, 1, 2, 3), 0);
        assertThat(b.spanOffsets).containsExactly(1);
        assertThat(b.spanLengths).containsExactly(3);
        assertThat(b.deltas).containsExactly(1, 1, 1);
    }

    @Test
    void downscalingByTwoMergesFourBuckets() {
        // Scale 10 -> 8: OTLP indexes 3..8; 3>>2=0, 4..7>>2=1, 8>>2=2; Prometheus index = +1.
        NativeHistogramBuckets b = NativeHistogramBuckets.of(buckets(3, 1, 2, 3, 4, 5, 6), 2);
        assertThat(b.spanOffsets).containsExactly(1);
        assertThat(b.spanLengths).containsExactly(3);
        // Counts 1, 2+3+4+5=14, 6.
        assertThat(b.deltas).containsExactly(1, 13, -8);
        assertThat(b.totalCount()).isEqualTo(21);
    }

    @Test
    void downscalingNegativeIndexesFloors() {
        // -5>>2 = -2; -4..-1>>2 = -1; Prometheus indexes -1 and 0.
        NativeHistogramBuckets b = NativeHistogramBuckets.of(buckets(-5, 1, 1, 1, 1, 1), 2);
        assertThat(b.spanOffsets).containsExactly(-1);
        assertThat(b.spanLengths).containsExactly(2);
        assertThat(b.deltas).containsExactly(1, 3);
    }

    @Test
    void smallGapsStayInTheSpanLargeGapsStartANewOne() {
        // Indexes 0..9: counts at 0, 3 (gap 2 -> zeros), 9 (gap 5 -> new span).
        NativeHistogramBuckets b = NativeHistogramBuckets.of(buckets(0, 5, 0, 0, 2, 0, 0, 0, 0, 0, 4), 0);
        assertThat(b.spanOffsets).containsExactly(1, 5);
        assertThat(b.spanLengths).containsExactly(4, 1);
        assertThat(b.deltas).containsExactly(5, -5, 0, 2, 2);
        assertThat(b.totalCount()).isEqualTo(11);
    }

    @Test
    void leadingAndTrailingEmptyBucketsAreLeftOut() {
        NativeHistogramBuckets b = NativeHistogramBuckets.of(buckets(10, 0, 0, 0, 0, 7, 0, 0), 0);
        assertThat(b.spanOffsets).containsExactly(15);
        assertThat(b.spanLengths).containsExactly(1);
        assertThat(b.deltas).containsExactly(7);
    }

    @Test
    void emptyOrAllZeroGivesNoSpans() {
        assertThat(NativeHistogramBuckets.of(buckets(0), 0).spanOffsets).isEmpty();
        NativeHistogramBuckets zeros = NativeHistogramBuckets.of(buckets(4, 0, 0, 0), 3);
        assertThat(zeros.spanOffsets).isEmpty();
        assertThat(zeros.deltas).isEmpty();
    }

    @Test
    void downscalingKeepsTheTotal() {
        long[] counts = LongStream.range(0, 200).map(i -> (i * 7919) % 13).toArray();
        long total = LongStream.of(counts).sum();
        for (int down = 0; down <= 6; down++) {
            assertThat(NativeHistogramBuckets.of(buckets(-77, counts), down).totalCount()).isEqualTo(total);
        }
    }
}
