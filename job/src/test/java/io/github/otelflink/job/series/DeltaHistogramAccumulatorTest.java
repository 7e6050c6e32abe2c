package io.github.otelflink.job.series;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.sink.remotewrite.model.Histogram;

import org.junit.jupiter.api.Test;

/** Adding delta native histograms: exact buckets when schemas, zero thresholds and widths differ. */
class DeltaHistogramAccumulatorTest {
    private static final double DEFAULT_ZERO = 1e-128;

    private static Histogram.Builder delta(int schema, long count, double sum) {
        return Histogram.integerHistogram().schema(schema).count(count).sum(sum).zeroThreshold(DEFAULT_ZERO).timestampMs(1000);
    }

    private static NativeHistogramTotal totalOf(Histogram... deltas) {
        NativeHistogramTotal total = DeltaHistogramAccumulator.emptyFor(deltas[0]);
        for (Histogram d : deltas) {
            assertThat(DeltaHistogramAccumulator.add(total, d)).isTrue();
        }
        return total;
    }

    @Test
    void aFinerDeltaThenACoarserOneMeetAtTheCoarserSchema() {
        // Schema 1: positive buckets 1..3 = 3, 1, 2; negative bucket -1 = 4.
        Histogram fine = delta(1, 10, 10)
                .positiveSpans(new int[] {1}, new int[] {3}).positiveDeltas(new long[] {3, -2, 1})
                .negativeSpans(new int[] {-1}, new int[] {1}).negativeDeltas(new long[] {4}).build();
        // Schema 0: positive buckets 1..2 = 5, 1; negative bucket 0 = 1; zero bucket 2.
        Histogram coarse = delta(0, 9, 20).zeroCount(2)
                .positiveSpans(new int[] {1}, new int[] {2}).positiveDeltas(new long[] {5, -4})
                .negativeSpans(new int[] {0}, new int[] {1}).negativeDeltas(new long[] {1}).build();

        NativeHistogramTotal total = totalOf(fine, coarse);

        // Schema 1 -> 0: bucket i goes to ((i - 1) >> 1) + 1, so 1, 2 -> 1; 3 -> 2; -1 -> 0.
        assertThat(total.schema).isZero();
        assertThat(total.positiveOffset).isEqualTo(1);
        assertThat(total.positive).containsExactly(3 + 1 + 5, 2 + 1);
        assertThat(total.negativeOffset).isZero();
        assertThat(total.negative).containsExactly(4 + 1);
        assertThat(total.zeroCount).isEqualTo(2);
        assertThat(total.count).isEqualTo(19);
        assertThat(total.sum).isEqualTo(30.0);

        Histogram out = DeltaHistogramAccumulator.toHistogram(total, 2000, Histogram.RESET_UNKNOWN, 0);
        assertThat(out.schema()).isZero();
        assertThat(out.positiveSpanOffsets()).containsExactly(1);
        assertThat(out.positiveSpanLengths()).containsExactly(2);
        assertThat(out.positiveDeltas()).containsExactly(9, -6);
        assertThat(out.negativeSpanOffsets()).containsExactly(0);
        assertThat(out.negativeDeltas()).containsExactly(5);
        assertThat(out.countInt()).isEqualTo(19);
        assertThat(out.zeroCountInt()).isEqualTo(2);
        assertThat(out.timestampMs()).isEqualTo(2000);
    }

    @Test
    void aCoarserTotalTakesAFinerDeltaDownToItsSchema() {
        Histogram coarse = delta(0, 1, 1.5).positiveSpans(new int[] {1}, new int[] {1}).positiveDeltas(new long[] {1}).build();
        // Schema 3: buckets 1, 8 lie in schema-0 bucket 1 ((0..7) >> 3 = 0); 9 and 17 in buckets 2 and 3.
        Histogram fine = delta(3, 4, 6)
                .positiveSpans(new int[] {1, 6, 0, 7}, new int[] {1, 1, 1, 1})
                .positiveDeltas(new long[] {1, 0, 0, 0}).build();

        NativeHistogramTotal total = totalOf(coarse, fine);

        assertThat(total.schema).isZero();
        assertThat(total.positiveOffset).isEqualTo(1);
        assertThat(total.positive).containsExactly(3, 1, 1);
        assertThat(total.count).isEqualTo(5);
    }

    @Test
    void negativeIndexesRoundDownWhenTheSchemaGoesDown() {
        // Schema 2, buckets -3..0 (values in (2^-1, 1]) all lie in schema-0 bucket 0; -4 lies in -1.
        Histogram fine = delta(2, 5, 3).positiveSpans(new int[] {-4}, new int[] {5})
                .positiveDeltas(new long[] {1, 0, 0, 0, 0}).build();
        Histogram coarse = delta(0, 0, 0).build();

        NativeHistogramTotal total = totalOf(fine, coarse);

        assertThat(total.schema).isZero();
        assertThat(total.positiveOffset).isEqualTo(-1);
        assertThat(total.positive).containsExactly(1, 4);
    }

    @Test
    void aWiderZeroThresholdFoldsTheBucketsBelowItAndWidensToTheBucketItCuts() {
        // Schema 0: bucket 0 = (0.5, 1], bucket 1 = (1, 2], bucket 2 = (2, 4].
        Histogram first = delta(0, 6, 7).zeroCount(1)
                .positiveSpans(new int[] {0}, new int[] {3}).positiveDeltas(new long[] {2, -1, 1}).build();
        // A zero threshold of 1.5 cuts bucket 1: the zero bucket grows to 2, taking buckets 0 and 1.
        Histogram wider = delta(0, 3, 4).zeroThreshold(1.5).zeroCount(1)
                .positiveSpans(new int[] {2}, new int[] {1}).positiveDeltas(new long[] {2}).build();

        NativeHistogramTotal total = totalOf(first, wider);

        assertThat(total.zeroThreshold).isEqualTo(2.0);
        assertThat(total.zeroCount).isEqualTo(1 + 1 + 2 + 1);
        assertThat(total.positiveOffset).isEqualTo(2);
        assertThat(total.positive).containsExactly(2 + 2);
        assertThat(total.count).isEqualTo(9);

        // A later delta with the default (narrower) threshold is folded the same way.
        Histogram narrow = delta(0, 2, 1).positiveSpans(new int[] {0}, new int[] {1}).positiveDeltas(new long[] {2}).build();
        assertThat(DeltaHistogramAccumulator.add(total, narrow)).isTrue();
        assertThat(total.zeroThreshold).isEqualTo(2.0);
        assertThat(total.zeroCount).isEqualTo(7);
        assertThat(total.positive).containsExactly(4);
    }

    @Test
    void bucketsWiderThanTheCapLowerTheSchemaAndKeepEveryCount() {
        // Schema 8, buckets 0 and 199: 200 indexes; at schema 7 they are 0 and 100 (101 indexes).
        Histogram wide = delta(8, 3, 1).positiveSpans(new int[] {0, 198}, new int[] {1, 1})
                .positiveDeltas(new long[] {1, 1}).build(); // counts 1 and 2 (deltas)

        NativeHistogramTotal total = totalOf(wide);

        assertThat(total.schema).isEqualTo(7);
        assertThat(total.positiveOffset).isZero();
        assertThat(total.positive).hasSize(101);
        assertThat(total.positive[0]).isEqualTo(1);
        assertThat(total.positive[100]).isEqualTo(2);
        assertThat(total.positive.length).isLessThanOrEqualTo(DeltaHistogramAccumulator.MAX_BUCKETS);
    }

    @Test
    void aFloatHistogramIsRefusedAndLeavesTheTotalAsItWas() {
        NativeHistogramTotal total = totalOf(delta(0, 1, 1).positiveSpans(new int[] {1}, new int[] {1})
                .positiveDeltas(new long[] {1}).build());
        Histogram floats = Histogram.floatHistogram().schema(0).count(1.0).sum(1).timestampMs(2000).build();
        assertThat(DeltaHistogramAccumulator.add(total, floats)).isFalse();
        Histogram malformed = delta(0, 1, 1).positiveSpans(new int[] {1}, new int[] {2}).positiveDeltas(new long[] {1}).build();
        assertThat(DeltaHistogramAccumulator.add(total, malformed)).isFalse();
        assertThat(total.positive).containsExactly(1);
        assertThat(total.count).isEqualTo(1);
    }

    @Test
    void emptyBucketsBetweenFilledOnesStayInASpanUpToTwoThenANewSpanStarts() {
        NativeHistogramTotal total = new NativeHistogramTotal();
        total.positiveOffset = 5;
        total.positive = new long[] {1, 0, 0, 2, 0, 0, 0, 3};
        Histogram h = DeltaHistogramAccumulator.toHistogram(total, 0, Histogram.RESET_UNKNOWN, 0);
        assertThat(h.positiveSpanOffsets()).containsExactly(5, 3);
        assertThat(h.positiveSpanLengths()).containsExactly(4, 1);
        assertThat(h.positiveDeltas()).containsExactly(1, -1, 0, 2, 1);
    }

    @Test
    void upperBoundsFollowTheSchema() {
        assertThat(DeltaHistogramAccumulator.upperBound(1, 0)).isEqualTo(2.0);
        assertThat(DeltaHistogramAccumulator.upperBound(-1, 0)).isEqualTo(0.5);
        assertThat(DeltaHistogramAccumulator.upperBound(1, -2)).isEqualTo(16.0);
        assertThat(DeltaHistogramAccumulator.upperBound(2, 1)).isEqualTo(2.0);
        assertThat(DeltaHistogramAccumulator.upperBound(1, 1)).isCloseTo(Math.sqrt(2), org.assertj.core.data.Offset.offset(1e-15));
    }
}
