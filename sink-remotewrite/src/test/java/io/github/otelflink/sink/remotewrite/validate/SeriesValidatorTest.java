package io.github.otelflink.sink.remotewrite.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.github.otelflink.sink.remotewrite.model.Exemplar;
import io.github.otelflink.sink.remotewrite.model.Histogram;
import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.MetricMetadata;
import io.github.otelflink.sink.remotewrite.model.MetricType;
import io.github.otelflink.sink.remotewrite.model.StaleNaN;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

class SeriesValidatorTest {

    record Drop(DropReason reason, int samples, int histograms) {}

    private final List<Drop> drops = new ArrayList<>();
    private final SeriesValidator validator = new SeriesValidator((r, s, h) -> drops.add(new Drop(r, s, h)));

    private static TimeSeries samples(Labels labels, long... timestamps) {
        TimeSeries.Builder b = TimeSeries.builder(labels);
        for (long t : timestamps) {
            b.sample(t, t * 10.0);
        }
        return b.build();
    }

    private static Histogram histogramAt(long t) {
        return Histogram.integerHistogram().count(1L).positiveSpans(new int[] {0}, new int[] {1})
                .positiveDeltas(new long[] {1}).timestampMs(t).build();
    }

    private static List<String> names(Labels labels) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            out.add(labels.name(i));
        }
        return out;
    }

    // ---------------------------------------------------------------- labels

    @Test
    void namesCheckedOnceAreMarkedAndOnlyThenSkipped() {
        Labels good = Labels.of("__name__", "up", "instance", "a", "job", "b");
        assertThat(good.namesChecked()).isFalse();
        assertThat(SeriesValidator.markIfNamesValid(good)).isTrue();
        assertThat(good.namesChecked()).isTrue();
        TimeSeries ts = samples(good, 1, 2);
        assertThat(validator.validate(ts)).isSameAs(ts);

        // Whatever any validator would refuse or change is not marked.
        for (Labels bad : List.of(
                Labels.of("__name__", "up", "instance", "", "job", "b"),
                Labels.of("instance", "a", "__name__", "up"),
                new Labels(new String[] {"__name__", "job", "job"}, new String[] {"up", "a", "b"}),
                Labels.of("__name__", "up", "in-stance", "a"),
                Labels.of("__name__", "up", "instancé", "a"),
                Labels.of("__name__", "9up", "instance", "a"),
                Labels.of("__name__", "up.total", "instance", "a"),
                Labels.of("instance", "a", "job", "b"))) {
            assertThat(SeriesValidator.markIfNamesValid(bad)).as("%s", bad).isFalse();
            assertThat(bad.namesChecked()).as("%s", bad).isFalse();
        }

        // A mark is the caller's word for labels it saw pass: the name checks are skipped, the
        // checks of the points are not.
        Labels vouched = Labels.of("__name__", "9up", "instance", "a");
        vouched.markNamesChecked();
        assertThat(validator.validate(samples(vouched, 1))).isNotNull();
        TimeSeries unordered = validator.validate(samples(good, 2, 1));
        assertThat(unordered.sampleCount()).isEqualTo(1);
        assertThat(drops).containsExactly(new Drop(DropReason.OUT_OF_ORDER, 1, 0));
    }

    @Test
    void seriesSharingTheLastGoodNamesAreStillCheckedForTheirOwnProblems() {
        assertThat(validator.validate(samples(Labels.of("__name__", "up", "instance", "a", "job", "b"), 1))).isNotNull();

        // Same names as the series that passed: a bad metric name, an empty value and a stale
        // marker misuse are still found, and a good one passes as the same instance.
        assertThat(validator.validate(samples(Labels.of("__name__", "9up", "instance", "a", "job", "b"), 1))).isNull();
        TimeSeries empty = validator.validate(samples(Labels.of("__name__", "up", "instance", "", "job", "b"), 1));
        assertThat(names(empty.labels())).containsExactly("__name__", "job");
        TimeSeries misuse = TimeSeries.builder(Labels.of("__name__", "up", "instance", "a", "job", "b"))
                .exemplar(new io.github.otelflink.sink.remotewrite.model.Exemplar(new String[0], new String[0],
                        io.github.otelflink.sink.remotewrite.model.StaleNaN.VALUE, 1))
                .sample(1, 1).build();
        assertThat(validator.validate(misuse)).isNull();
        TimeSeries other = samples(Labels.of("__name__", "down", "instance", "c", "job", "d"), 5, 4);
        assertThat(validator.validate(other).sampleCount()).as("unordered points still dropped").isEqualTo(1);
        assertThat(drops).extracting(Drop::reason).containsExactly(
                DropReason.INVALID_METRIC_NAME, DropReason.STALE_MARKER_MISUSE, DropReason.OUT_OF_ORDER);
    }

    @Test
    void seriesThatCameThroughTheShuffleAreCheckedOnTheirBytes() throws Exception {
        // After the network shuffle labels are bytes; the names-as-last-good shortcut compares
        // bytes, so each problem must still be found there.
        assertThat(validator.validate(shuffled(samples(Labels.of("__name__", "up", "instance", "a", "job", "b"), 1))))
                .isNotNull();
        assertThat(validator.validate(shuffled(samples(Labels.of("__name__", "down", "instance", "c", "job", "d"), 1))))
                .as("another valid metric name").isNotNull();
        assertThat(validator.validate(shuffled(samples(Labels.of("__name__", "9up", "instance", "a", "job", "b"), 1))))
                .isNull();
        TimeSeries empty = validator.validate(shuffled(samples(Labels.of("__name__", "up", "instance", "", "job", "b"), 1)));
        assertThat(names(empty.labels())).containsExactly("__name__", "job");
        assertThat(validator.validate(shuffled(samples(Labels.of("__name__", "up", "instance", "a", "jo-b", "b"), 1))))
                .isNull();
        assertThat(validator.validate(shuffled(samples(Labels.of("job", "b", "__name__", "up"), 1))).labels())
                .as("unsorted").isEqualTo(Labels.of("__name__", "up", "job", "b"));
        assertThat(drops).extracting(Drop::reason).containsExactly(
                DropReason.INVALID_METRIC_NAME, DropReason.INVALID_LABEL_NAME);
    }

    /** The series as the sink gets it after Flink's network shuffle. */
    private static TimeSeries shuffled(TimeSeries ts) throws java.io.IOException {
        org.apache.flink.core.memory.DataOutputSerializer out = new org.apache.flink.core.memory.DataOutputSerializer(64);
        io.github.otelflink.sink.remotewrite.model.TimeSeriesSerializer.INSTANCE.serialize(ts, out);
        return io.github.otelflink.sink.remotewrite.model.TimeSeriesSerializer.INSTANCE.deserialize(
                new org.apache.flink.core.memory.DataInputDeserializer(out.getCopyOfBuffer()));
    }

    @Test
    void validSeriesComesBackAsTheSameInstance() {
        TimeSeries ts = samples(Labels.of("__name__", "up", "instance", "a", "job", "b"), 1, 2, 3);

        assertThat(validator.validate(ts)).isSameAs(ts);
        assertThat(drops).isEmpty();
    }

    @Test
    void unsortedLabelsAreSortedByName() {
        TimeSeries ts = samples(Labels.of("job", "b", "__name__", "up", "instance", "a", "Zeta", "z"), 1, 2);

        TimeSeries out = validator.validate(ts);

        assertThat(out).isNotNull();
        assertThat(names(out.labels())).containsExactly("Zeta", "__name__", "instance", "job");
        assertThat(out.labels().isSorted()).isTrue();
        assertThat(out.labels().get("job")).isEqualTo("b");
        assertThat(out.labels().get("instance")).isEqualTo("a");
        assertThat(out.labels().metricName()).isEqualTo("up");
        assertThat(out.sampleCount()).isEqualTo(2);
        assertThat(drops).isEmpty();
    }

    @Test
    void sortingKeepsPointsExemplarsAndMetadata() {
        MetricMetadata meta = new MetricMetadata(MetricType.GAUGE, "up", "help", "");
        Exemplar ex = new Exemplar(new String[] {"trace_id"}, new String[] {"t"}, 1.0, 5L);
        TimeSeries ts = TimeSeries.builder(Labels.of("job", "b", "__name__", "up"))
                .sample(1, 1).histogram(histogramAt(2)).exemplar(ex).metadata(meta).build();

        TimeSeries out = validator.validate(ts);

        assertThat(out.histogramCount()).isEqualTo(1);
        assertThat(out.histogram(0)).isEqualTo(histogramAt(2));
        assertThat(out.exemplarCount()).isEqualTo(1);
        assertThat(out.exemplar(0)).isEqualTo(ex);
        assertThat(out.metadata()).isEqualTo(meta);
    }

    @Test
    void emptyValuesAreRemoved() {
        TimeSeries ts = samples(Labels.of("__name__", "up", "empty", "", "job", "x"), 1);

        TimeSeries out = validator.validate(ts);

        assertThat(out).isNotNull();
        assertThat(names(out.labels())).containsExactly("__name__", "job");
        assertThat(out.labels().get("empty")).isNull();
        assertThat(drops).isEmpty();
    }

    @Test
    void emptyValuesAreRemovedFromUnsortedLabels() {
        TimeSeries ts = samples(Labels.of("job", "x", "empty", "", "__name__", "up"), 1);

        TimeSeries out = validator.validate(ts);

        assertThat(names(out.labels())).containsExactly("__name__", "job");
    }

    @Test
    void emptyMetricNameValueMeansNoMetricName() {
        TimeSeries ts = samples(Labels.of("__name__", "", "job", "x"), 1, 2);

        assertThat(validator.validate(ts)).isNull();
        assertThat(drops).containsExactly(new Drop(DropReason.INVALID_METRIC_NAME, 2, 0));
    }

    @Test
    void duplicateLabelNamesAreDroppedWithTheirPointCounts() {
        TimeSeries ts = TimeSeries.builder(Labels.of("__name__", "up", "job", "a", "job", "b"))
                .sample(1, 1).sample(2, 2).sample(3, 3).histogram(histogramAt(4)).build();

        assertThat(validator.validate(ts)).isNull();
        assertThat(drops).containsExactly(new Drop(DropReason.DUPLICATE_LABEL_NAME, 3, 1));
    }

    @Test
    void duplicateLabelNamesAreFoundWhenNotAdjacent() {
        TimeSeries ts = samples(Labels.of("job", "a", "__name__", "up", "job", "b"), 1, 2);

        assertThat(validator.validate(ts)).isNull();
        assertThat(drops).containsExactly(new Drop(DropReason.DUPLICATE_LABEL_NAME, 2, 0));
    }

    @Test
    void duplicateMetricNameIsADuplicateLabel() {
        TimeSeries ts = samples(Labels.of("__name__", "a", "__name__", "b"), 1);

        assertThat(validator.validate(ts)).isNull();
        assertThat(drops).containsExactly(new Drop(DropReason.DUPLICATE_LABEL_NAME, 1, 0));
    }

    @Test
    void duplicateNameWithAnEmptyValueIsJudgedTheSameInAnyOrder() {
        TimeSeries adjacent = samples(Labels.of("__name__", "up", "a", "", "a", "x", "b", "y"), 1);
        TimeSeries apart = samples(Labels.of("__name__", "up", "a", "x", "b", "y", "a", ""), 1);

        TimeSeries outAdjacent = validator.validate(adjacent);
        TimeSeries outApart = validator.validate(apart);

        assertThat(outApart).isNotNull();
        assertThat(outAdjacent).as("same label set, other order").isNotNull();
        assertThat(outAdjacent.labels()).isEqualTo(outApart.labels());
    }

    @Test
    void missingMetricNameIsInvalidMetricName() {
        TimeSeries ts = samples(Labels.of("job", "x"), 1, 2, 3, 4);

        assertThat(validator.validate(ts)).isNull();
        assertThat(drops).containsExactly(new Drop(DropReason.INVALID_METRIC_NAME, 4, 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1abc", "a-b", "a.b", "a b", "é", "up{}", "0"})
    void invalidMetricNameIsRejected(String name) {
        TimeSeries ts = TimeSeries.builder(Labels.of("__name__", name)).sample(1, 1).histogram(histogramAt(1)).build();

        assertThat(validator.validate(ts)).isNull();
        assertThat(drops).containsExactly(new Drop(DropReason.INVALID_METRIC_NAME, 1, 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1abc", "a-b", "", "a:b", "a.b", "é", " "})
    void invalidLabelNameIsRejected(String name) {
        TimeSeries ts = samples(new Labels(new String[] {"__name__", name}, new String[] {"up", "v"}), 1, 2);

        assertThat(validator.validate(ts)).isNull();
        assertThat(drops).containsExactly(new Drop(DropReason.INVALID_LABEL_NAME, 2, 0));
    }

    @Test
    void colonIsValidInMetricNamesOnly() {
        TimeSeries ts = samples(Labels.of("__name__", "job:rate5m:sum", "job", "x"), 1);

        assertThat(validator.validate(ts)).isSameAs(ts);
    }

    @Test
    void utf8NamesPassOnlyAValidatorForUtf8Names() {
        SeriesValidator utf8 = new SeriesValidator((r, x, h) -> drops.add(new Drop(r, x, h)), true);
        TimeSeries ts = samples(Labels.of("1abc", "x", "__name__", "queue.size", "http.méthod", "GET"), 1);

        assertThat(utf8.validate(ts)).isSameAs(ts);
        assertThat(validator.validate(ts)).isNull();
        assertThat(drops).containsExactly(new Drop(DropReason.INVALID_LABEL_NAME, 1, 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a\uD800", "\uDC00b"})
    void emptyOrUnpairedSurrogateNamesFailEvenForUtf8(String name) {
        SeriesValidator utf8 = new SeriesValidator((r, x, h) -> drops.add(new Drop(r, x, h)), true);
        TimeSeries ts = samples(new Labels(new String[] {"__name__", name}, new String[] {"up", "v"}), 1);

        assertThat(utf8.validate(ts)).isNull();
        assertThat(drops).containsExactly(new Drop(DropReason.INVALID_LABEL_NAME, 1, 0));
    }

    // ---------------------------------------------------------------- stale markers

    @Test
    void staleMarkerHistogramWithBucketsIsMisuse() {
        Histogram bad = Histogram.floatHistogram().sum(StaleNaN.VALUE)
                .positiveSpans(new int[] {0}, new int[] {1}).positiveCounts(new double[] {1.0}).timestampMs(5).build();
        TimeSeries ts = TimeSeries.builder(Labels.of("__name__", "h")).sample(1, 1).histogram(bad).build();

        assertThat(validator.validate(ts)).isNull();
        assertThat(drops).containsExactly(new Drop(DropReason.STALE_MARKER_MISUSE, 1, 1));
    }

    @Test
    void staleMarkerHistogramWithCountIsMisuse() {
        Histogram bad = Histogram.integerHistogram().sum(StaleNaN.VALUE).count(3L).timestampMs(5).build();
        TimeSeries ts = TimeSeries.builder(Labels.of("__name__", "h")).histogram(bad).build();

        assertThat(validator.validate(ts)).isNull();
        assertThat(drops).containsExactly(new Drop(DropReason.STALE_MARKER_MISUSE, 0, 1));
    }

    @Test
    void bareStaleMarkerHistogramIsAccepted() {
        Histogram stale = Histogram.integerHistogram().sum(StaleNaN.VALUE).timestampMs(5).build();
        TimeSeries ts = TimeSeries.builder(Labels.of("__name__", "h")).histogram(stale).build();

        assertThat(validator.validate(ts)).isSameAs(ts);
        assertThat(drops).isEmpty();
    }

    @Test
    void staleMarkerExemplarIsMisuse() {
        Exemplar bad = new Exemplar(new String[] {"trace_id"}, new String[] {"t"}, StaleNaN.VALUE, 5L);
        TimeSeries ts = TimeSeries.builder(Labels.of("__name__", "c")).sample(1, 1).sample(2, 2).exemplar(bad).build();

        assertThat(validator.validate(ts)).isNull();
        assertThat(drops).containsExactly(new Drop(DropReason.STALE_MARKER_MISUSE, 2, 0));
    }

    @Test
    void ordinaryNaNExemplarAndStaleSampleAreAccepted() {
        Exemplar nan = new Exemplar(new String[0], new String[0], Double.NaN, 5L);
        TimeSeries ts = TimeSeries.builder(Labels.of("__name__", "c")).sample(1, StaleNaN.VALUE).exemplar(nan).build();

        assertThat(validator.validate(ts)).isSameAs(ts);
        assertThat(drops).isEmpty();
    }

    // ---------------------------------------------------------------- ordering

    @Test
    void outOfOrderSamplesAreDroppedAndCounted() {
        TimeSeries ts = samples(Labels.of("__name__", "up"), 10, 20, 15, 20, 30, 5, 40);

        TimeSeries out = validator.validate(ts);

        assertThat(out.sampleCount()).isEqualTo(4);
        assertThat(out.timestamp(0)).isEqualTo(10);
        assertThat(out.timestamp(1)).isEqualTo(20);
        assertThat(out.timestamp(2)).isEqualTo(30);
        assertThat(out.timestamp(3)).isEqualTo(40);
        assertThat(out.value(2)).isEqualTo(300.0);
        assertThat(drops).containsExactly(new Drop(DropReason.OUT_OF_ORDER, 3, 0));
    }

    @Test
    void outOfOrderHistogramsAreDroppedAndCountedSeparately() {
        TimeSeries ts = TimeSeries.builder(Labels.of("__name__", "h"))
                .sample(1, 1).sample(1, 2)
                .histogram(histogramAt(100)).histogram(histogramAt(100)).histogram(histogramAt(50))
                .histogram(histogramAt(200))
                .build();

        TimeSeries out = validator.validate(ts);

        assertThat(out.sampleCount()).isEqualTo(1);
        assertThat(out.histogramCount()).isEqualTo(2);
        assertThat(out.histogram(0).timestampMs()).isEqualTo(100);
        assertThat(out.histogram(1).timestampMs()).isEqualTo(200);
        assertThat(drops).extracting(Drop::reason, Drop::samples, Drop::histograms)
                .containsExactly(tuple(DropReason.OUT_OF_ORDER, 1, 2));
    }

    @Test
    void outOfOrderDropKeepsExemplarsAndMetadataAndSortsLabels() {
        MetricMetadata meta = new MetricMetadata(MetricType.COUNTER, "c", "", "");
        Exemplar ex = new Exemplar(new String[0], new String[0], 1.0, 1L);
        TimeSeries ts = TimeSeries.builder(Labels.of("job", "x", "__name__", "c_total"))
                .sample(5, 1).sample(4, 2).exemplar(ex).metadata(meta).build();

        TimeSeries out = validator.validate(ts);

        assertThat(names(out.labels())).containsExactly("__name__", "job");
        assertThat(out.sampleCount()).isEqualTo(1);
        assertThat(out.exemplarCount()).isEqualTo(1);
        assertThat(out.metadata()).isEqualTo(meta);
        assertThat(drops).containsExactly(new Drop(DropReason.OUT_OF_ORDER, 1, 0));
    }

    @Test
    void negativeAndExtremeTimestampsInOrderAreKept() {
        TimeSeries ts = samples(Labels.of("__name__", "up"), Long.MIN_VALUE + 1, -5, 0, Long.MAX_VALUE);

        assertThat(validator.validate(ts)).isSameAs(ts);
        assertThat(drops).isEmpty();
    }

    @Test
    void seriesWithoutPointsIsAccepted() {
        TimeSeries ts = TimeSeries.builder(Labels.of("__name__", "up")).build();

        assertThat(validator.validate(ts)).isSameAs(ts);
        assertThat(drops).isEmpty();
    }

    // ---------------------------------------------------------------- name tables

    @ParameterizedTest
    @CsvSource({
        "up, true",
        "_, true",
        ":, true",
        "a:b_c9, true",
        "ABC_def, true",
        "__name__, true",
        "http_requests_total, true",
        "1abc, false",
        "9, false",
        "a-b, false",
        "a.b, false",
        "a b, false",
        "ä, false",
        "a/b, false",
        "'', false"
    })
    void metricNameTable(String name, boolean valid) throws Exception {
        assertThat(SeriesValidator.isValidMetricName(name)).isEqualTo(valid);

        // Again after a series with the same label names passed: the shortcut then checks a new
        // metric name on its bytes, and must judge as the string check does, for either charset.
        SeriesValidator utf8 = new SeriesValidator((r, x, h) -> {}, true);
        for (SeriesValidator v : List.of(validator, utf8)) {
            assertThat(v.validate(shuffled(samples(Labels.of("__name__", "up", "job", "b"), 1)))).isNotNull();
        }
        TimeSeries named = shuffled(samples(Labels.of("__name__", name, "job", "b"), 2));
        assertThat(validator.validate(named) != null).as("legacy %s", name).isEqualTo(valid);
        assertThat(utf8.validate(named) != null).as("utf-8 %s", name).isEqualTo(!name.isEmpty());
    }

    @ParameterizedTest
    @CsvSource({
        "job, true",
        "_, true",
        "__meta, true",
        "a1, true",
        "Z_9, true",
        "le, true",
        "a:b, false",
        ":, false",
        "1abc, false",
        "a-b, false",
        "a.b, false",
        "a b, false",
        "ä, false",
        "'', false"
    })
    void labelNameTable(String name, boolean valid) {
        assertThat(SeriesValidator.isValidLabelName(name)).isEqualTo(valid);
    }
}
