package io.github.otelflink.sink.remotewrite.encode;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.sink.remotewrite.model.Exemplar;
import io.github.otelflink.sink.remotewrite.model.Histogram;
import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.MetricMetadata;
import io.github.otelflink.sink.remotewrite.model.MetricType;
import io.github.otelflink.sink.remotewrite.model.StaleNaN;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;
import io.github.otelflink.sink.remotewrite.proto.v2.WriteV2;

import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

class WriteRequestV2EncoderTest {

    private static final Labels UP = Labels.of("__name__", "up", "instance", "host:9100", "job", "node");

    // ---------------------------------------------------------------- helpers

    private static byte[] raw(EncodedRequest request) throws IOException {
        return Snappy.uncompress(request.body());
    }

    private static WriteV2.Request parse(EncodedRequest request) throws IOException {
        return WriteV2.Request.parseFrom(raw(request));
    }

    private static List<String> resolve(List<String> symbols, List<Integer> refs) {
        List<String> out = new ArrayList<>();
        for (int ref : refs) {
            assertThat(ref).isBetween(0, symbols.size() - 1);
            out.add(symbols.get(ref));
        }
        return out;
    }

    private static List<String> labelList(Labels labels) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            out.add(labels.name(i));
            out.add(labels.value(i));
        }
        return out;
    }

    private static List<String> labelList(Exemplar e) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < e.labelCount(); i++) {
            out.add(e.labelName(i));
            out.add(e.labelValue(i));
        }
        return out;
    }

    /**
     * What protobuf-java builds for the same series, given the symbol table the encoder chose (the
     * order of symbols is the encoder's business; every reference is looked up independently here).
     */
    private static WriteV2.Request reference(List<TimeSeries> series, List<String> symbols) {
        WriteV2.Request.Builder b = WriteV2.Request.newBuilder().addAllSymbols(symbols);
        for (TimeSeries ts : series) {
            WriteV2.TimeSeries.Builder tb = WriteV2.TimeSeries.newBuilder();
            for (String s : labelList(ts.labels())) {
                tb.addLabelsRefs(ref(symbols, s));
            }
            for (int i = 0; i < ts.sampleCount(); i++) {
                tb.addSamples(WriteV2.Sample.newBuilder().setValue(ts.value(i)).setTimestamp(ts.timestamp(i))
                        .setStartTimestamp(ts.startTimestamp(i)));
            }
            for (int i = 0; i < ts.histogramCount(); i++) {
                tb.addHistograms(toProto(ts.histogram(i)));
            }
            for (int i = 0; i < ts.exemplarCount(); i++) {
                Exemplar e = ts.exemplar(i);
                WriteV2.Exemplar.Builder eb =
                        WriteV2.Exemplar.newBuilder().setValue(e.value()).setTimestamp(e.timestampMs());
                for (String s : labelList(e)) {
                    eb.addLabelsRefs(ref(symbols, s));
                }
                tb.addExemplars(eb);
            }
            MetricMetadata m = ts.metadata();
            if (m != null) {
                tb.setMetadata(WriteV2.Metadata.newBuilder()
                        .setTypeValue(m.type().ordinal())
                        .setHelpRef(ref(symbols, m.help()))
                        .setUnitRef(ref(symbols, m.unit())));
            }
            b.addTimeseries(tb);
        }
        return b.build();
    }

    private static int ref(List<String> symbols, String s) {
        int i = symbols.indexOf(s);
        assertThat(i).as("symbol %s present", s).isNotNegative();
        return i;
    }

    private static WriteV2.Histogram toProto(Histogram h) {
        WriteV2.Histogram.Builder b = WriteV2.Histogram.newBuilder();
        if (h.isFloat()) {
            b.setCountFloat(h.countFloat()).setZeroCountFloat(h.zeroCountFloat());
        } else {
            b.setCountInt(h.countInt()).setZeroCountInt(h.zeroCountInt());
        }
        b.setSum(h.sum()).setSchema(h.schema()).setZeroThreshold(h.zeroThreshold());
        for (int i = 0; i < h.negativeSpanOffsets().length; i++) {
            b.addNegativeSpans(WriteV2.BucketSpan.newBuilder()
                    .setOffset(h.negativeSpanOffsets()[i]).setLength(h.negativeSpanLengths()[i]));
        }
        for (long d : h.negativeDeltas()) {
            b.addNegativeDeltas(d);
        }
        for (double c : h.negativeCounts()) {
            b.addNegativeCounts(c);
        }
        for (int i = 0; i < h.positiveSpanOffsets().length; i++) {
            b.addPositiveSpans(WriteV2.BucketSpan.newBuilder()
                    .setOffset(h.positiveSpanOffsets()[i]).setLength(h.positiveSpanLengths()[i]));
        }
        for (long d : h.positiveDeltas()) {
            b.addPositiveDeltas(d);
        }
        for (double c : h.positiveCounts()) {
            b.addPositiveCounts(c);
        }
        return b.setResetHintValue(h.resetHint()).setTimestamp(h.timestampMs())
                .setStartTimestamp(h.startTimestampMs()).build();
    }

    private static Histogram integerHistogram() {
        return Histogram.integerHistogram()
                .count(9L)
                .sum(12.0)
                .schema(-4)
                .zeroThreshold(1e-9)
                .zeroCount(1L)
                .negativeSpans(new int[] {-2}, new int[] {2})
                .negativeDeltas(new long[] {3, -1})
                .positiveSpans(new int[] {0, 3}, new int[] {2, 1})
                .positiveDeltas(new long[] {1, 1, -2})
                .resetHint(Histogram.RESET_YES)
                .timestampMs(1_700_000_000_000L)
                .startTimestampMs(1_699_999_000_000L)
                .build();
    }

    private static Histogram floatHistogram() {
        return Histogram.floatHistogram()
                .count(4.5)
                .sum(StaleNaN.VALUE)
                .schema(3)
                .zeroCount(0.25)
                .positiveSpans(new int[] {1}, new int[] {2})
                .positiveCounts(new double[] {1.25, 3.0})
                .negativeCounts(new double[0])
                .resetHint(Histogram.RESET_GAUGE)
                .timestampMs(-42L)
                .build();
    }

    private static Exemplar exemplar(String traceId) {
        return new Exemplar(new String[] {"trace_id"}, new String[] {traceId}, 0.5, 1_700_000_000_001L);
    }

    private static TimeSeries fullSeries() {
        return TimeSeries.builder(UP)
                .sample(-1_000L, 1.0, -5_000L)
                .sample(0L, 0.0)
                .sample(1_700_000_000_000L, StaleNaN.VALUE)
                .histogram(integerHistogram())
                .histogram(floatHistogram())
                .exemplar(exemplar("abc"))
                .metadata(new MetricMetadata(MetricType.GAUGE, "up", "Whether the target is up.", "node"))
                .build();
    }

    // ---------------------------------------------------------------- symbols

    @Test
    void firstSymbolIsTheEmptyString() throws IOException {
        WriteV2.Request parsed = parse(new WriteRequestV2Encoder().encode(List.of(TimeSeries.ofSample(UP, 1, 1))));

        assertThat(parsed.getSymbolsList()).isNotEmpty();
        assertThat(parsed.getSymbols(0)).isEmpty();
    }

    @Test
    void emptyBatchStillHasTheEmptySymbol() throws IOException {
        EncodedRequest req = new WriteRequestV2Encoder().encode(List.of());
        WriteV2.Request parsed = parse(req);

        assertThat(parsed.getSymbolsList()).containsExactly("");
        assertThat(parsed.getTimeseriesCount()).isZero();
        assertThat(req.uncompressedBytes()).isEqualTo(raw(req).length);
    }

    @Test
    void everyStringIsStoredOnceInSymbols() throws IOException {
        // "node" is a label value, a label value again in another series, and a unit.
        List<TimeSeries> series = List.of(
                fullSeries(),
                TimeSeries.builder(Labels.of("__name__", "up", "instance", "other", "job", "node"))
                        .sample(1, 1)
                        .exemplar(exemplar("abc"))
                        .metadata(new MetricMetadata(MetricType.GAUGE, "up", "Whether the target is up.", "node"))
                        .build());

        WriteV2.Request parsed = parse(new WriteRequestV2Encoder().encode(series));
        List<String> symbols = parsed.getSymbolsList();

        assertThat(symbols).doesNotHaveDuplicates();
        assertThat(symbols).containsExactlyInAnyOrder("", "__name__", "up", "instance", "host:9100", "other", "job",
                "node", "trace_id", "abc", "Whether the target is up.");
    }

    @Test
    void symbolTableIsFreshForEachRequest() throws IOException {
        WriteRequestV2Encoder encoder = new WriteRequestV2Encoder();
        encoder.encode(List.of(fullSeries()));
        WriteV2.Request second = parse(encoder.encode(List.of(TimeSeries.ofSample(Labels.of("__name__", "x"), 1, 1))));

        assertThat(second.getSymbolsList()).containsExactly("", "__name__", "x");
        assertThat(second.getTimeseries(0).getLabelsRefsList()).containsExactly(1, 2);
    }

    // ---------------------------------------------------------------- series

    @Test
    void labelRefsResolveToNamesAndValuesInOrder() throws IOException {
        Labels labels = Labels.of("__name__", "temp", "city", "Zürich", "note", "日本語 😀", "zone", "temp");
        WriteV2.Request parsed = parse(new WriteRequestV2Encoder().encode(List.of(TimeSeries.ofSample(labels, 1, 1))));

        WriteV2.TimeSeries ts = parsed.getTimeseries(0);
        assertThat(resolve(parsed.getSymbolsList(), ts.getLabelsRefsList()))
                .containsExactly("__name__", "temp", "city", "Zürich", "note", "日本語 😀", "zone", "temp");
        // "temp" used twice, one symbol.
        assertThat(ts.getLabelsRefs(1)).isEqualTo(ts.getLabelsRefs(7));
    }

    @Test
    void samplesRoundTripWithExactBits() throws IOException {
        long[] timestamps = {Long.MIN_VALUE, -1L, 0L, 1L, 1_700_000_000_000L, Long.MAX_VALUE, 5L};
        double[] values = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, StaleNaN.VALUE, Double.NEGATIVE_INFINITY,
            123.456};
        TimeSeries series = new TimeSeries(UP, timestamps, values, null, null, null);

        List<WriteV2.Sample> samples = parse(new WriteRequestV2Encoder().encode(List.of(series)))
                .getTimeseries(0).getSamplesList();

        assertThat(samples).hasSize(values.length);
        for (int i = 0; i < values.length; i++) {
            assertThat(samples.get(i).getTimestamp()).isEqualTo(timestamps[i]);
            assertThat(Double.doubleToRawLongBits(samples.get(i).getValue()))
                    .as("value bits %d", i)
                    .isEqualTo(Double.doubleToRawLongBits(values[i]));
            assertThat(samples.get(i).getStartTimestamp()).isZero();
        }
        assertThat(Double.doubleToRawLongBits(samples.get(4).getValue())).isEqualTo(0x7ff0000000000002L);
    }

    @Test
    void counterSamplesCarryTheirStartTimestampAndOthersNone() throws IOException {
        TimeSeries counter = TimeSeries.builder(Labels.of("__name__", "requests_total"))
                .sample(1_700_000_010_000L, 5, 1_700_000_000_000L)
                .sample(1_700_000_020_000L, 7, 0)
                .build();
        TimeSeries gauge = TimeSeries.ofSample(UP, 1_700_000_010_000L, 1);

        WriteV2.Request parsed = parse(new WriteRequestV2Encoder().encode(List.of(counter, gauge)));

        List<WriteV2.Sample> samples = parsed.getTimeseries(0).getSamplesList();
        assertThat(samples.get(0).getStartTimestamp()).isEqualTo(1_700_000_000_000L);
        assertThat(samples.get(0).getTimestamp()).isEqualTo(1_700_000_010_000L);
        assertThat(samples.get(0).getValue()).isEqualTo(5);
        assertThat(samples.get(1).getStartTimestamp()).isZero();
        assertThat(parsed.getTimeseries(1).getSamples(0).getStartTimestamp()).isZero();
        assertThat(parsed.getTimeseries(1).getSamples(0).getValue()).isEqualTo(1);
    }

    @Test
    void aHistogramCarriesItsStartTimestampInField17() throws IOException {
        TimeSeries series = TimeSeries.builder(UP).histogram(integerHistogram()).histogram(floatHistogram()).build();

        List<WriteV2.Histogram> hs = parse(new WriteRequestV2Encoder().encode(List.of(series)))
                .getTimeseries(0).getHistogramsList();

        assertThat(WriteV2.Histogram.getDescriptor().findFieldByName("start_timestamp").getNumber()).isEqualTo(17);
        assertThat(hs.get(0).getStartTimestamp()).isEqualTo(1_699_999_000_000L);
        assertThat(hs.get(0).getTimestamp()).isEqualTo(1_700_000_000_000L);
        assertThat(hs.get(1).getStartTimestamp()).isZero();
    }

    @Test
    void histogramsRoundTrip() throws IOException {
        TimeSeries series = TimeSeries.builder(UP).histogram(integerHistogram()).histogram(floatHistogram()).build();

        List<WriteV2.Histogram> hs = parse(new WriteRequestV2Encoder().encode(List.of(series)))
                .getTimeseries(0).getHistogramsList();

        assertThat(hs).containsExactly(toProto(integerHistogram()), toProto(floatHistogram()));
        WriteV2.Histogram ih = hs.get(0);
        assertThat(ih.getCountCase()).isEqualTo(WriteV2.Histogram.CountCase.COUNT_INT);
        assertThat(ih.getCountInt()).isEqualTo(9);
        assertThat(ih.getSchema()).isEqualTo(-4);
        assertThat(ih.getNegativeSpansList())
                .extracting(WriteV2.BucketSpan::getOffset, WriteV2.BucketSpan::getLength)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(-2, 2));
        assertThat(ih.getPositiveDeltasList()).containsExactly(1L, 1L, -2L);
        assertThat(ih.getResetHint()).isEqualTo(WriteV2.Histogram.ResetHint.RESET_HINT_YES);
        WriteV2.Histogram fh = hs.get(1);
        assertThat(fh.getCountCase()).isEqualTo(WriteV2.Histogram.CountCase.COUNT_FLOAT);
        assertThat(fh.getZeroCountCase()).isEqualTo(WriteV2.Histogram.ZeroCountCase.ZERO_COUNT_FLOAT);
        assertThat(fh.getZeroCountFloat()).isEqualTo(0.25);
        assertThat(Double.doubleToRawLongBits(fh.getSum())).isEqualTo(StaleNaN.BITS);
        assertThat(fh.getPositiveCountsList()).containsExactly(1.25, 3.0);
        assertThat(fh.getResetHint()).isEqualTo(WriteV2.Histogram.ResetHint.RESET_HINT_GAUGE);
        assertThat(fh.getTimestamp()).isEqualTo(-42L);
        assertThat(fh.getCustomValuesList()).isEmpty();
    }

    @Test
    void exemplarsRoundTripWithLabelRefs() throws IOException {
        Exemplar two = new Exemplar(new String[] {"trace_id", "span_id"}, new String[] {"t1", "s1"}, -0.0, -3L);
        Exemplar none = new Exemplar(new String[0], new String[0], 2.0, 0L);
        TimeSeries series = TimeSeries.builder(UP).sample(1, 1).exemplar(two).exemplar(none).build();

        WriteV2.Request parsed = parse(new WriteRequestV2Encoder().encode(List.of(series)));
        List<WriteV2.Exemplar> exemplars = parsed.getTimeseries(0).getExemplarsList();

        assertThat(exemplars).hasSize(2);
        assertThat(resolve(parsed.getSymbolsList(), exemplars.get(0).getLabelsRefsList()))
                .containsExactly("trace_id", "t1", "span_id", "s1");
        assertThat(Double.doubleToRawLongBits(exemplars.get(0).getValue())).isEqualTo(0x8000000000000000L);
        assertThat(exemplars.get(0).getTimestamp()).isEqualTo(-3L);
        assertThat(exemplars.get(1).getLabelsRefsList()).isEmpty();
        assertThat(exemplars.get(1).getValue()).isEqualTo(2.0);
    }

    @Test
    void metadataIsPerSeriesWithTypeHelpAndUnitRefs() throws IOException {
        TimeSeries withMeta = TimeSeries.builder(Labels.of("__name__", "http_requests_total"))
                .sample(1, 1)
                .metadata(new MetricMetadata(MetricType.COUNTER, "http_requests", "Requests served.", "requests"))
                .build();
        TimeSeries sameFamily = TimeSeries.builder(Labels.of("__name__", "http_requests_total", "code", "500"))
                .sample(1, 1)
                .metadata(new MetricMetadata(MetricType.COUNTER, "http_requests", "Requests served.", "requests"))
                .build();
        TimeSeries without = TimeSeries.ofSample(Labels.of("__name__", "bare"), 1, 1);

        EncodedRequest req = new WriteRequestV2Encoder().encode(List.of(withMeta, sameFamily, without));
        WriteV2.Request parsed = parse(req);
        List<String> symbols = parsed.getSymbolsList();

        for (int i = 0; i < 2; i++) {
            WriteV2.Metadata m = parsed.getTimeseries(i).getMetadata();
            assertThat(parsed.getTimeseries(i).hasMetadata()).isTrue();
            assertThat(m.getType()).isEqualTo(WriteV2.Metadata.MetricType.METRIC_TYPE_COUNTER);
            assertThat(symbols.get(m.getHelpRef())).isEqualTo("Requests served.");
            assertThat(symbols.get(m.getUnitRef())).isEqualTo("requests");
        }
        assertThat(parsed.getTimeseries(2).hasMetadata()).isFalse();
        assertThat(req.metadata()).isEqualTo(2);
    }

    @Test
    void emptyHelpAndUnitReferToTheEmptySymbol() throws IOException {
        TimeSeries series = TimeSeries.builder(Labels.of("__name__", "x"))
                .sample(1, 1)
                .metadata(new MetricMetadata(MetricType.UNKNOWN, "x", "", ""))
                .build();

        WriteV2.Request parsed = parse(new WriteRequestV2Encoder().encode(List.of(series)));
        WriteV2.TimeSeries ts = parsed.getTimeseries(0);

        assertThat(ts.hasMetadata()).isTrue();
        assertThat(ts.getMetadata().getType()).isEqualTo(WriteV2.Metadata.MetricType.METRIC_TYPE_UNSPECIFIED);
        assertThat(ts.getMetadata().getHelpRef()).isZero();
        assertThat(ts.getMetadata().getUnitRef()).isZero();
    }

    @Test
    void everyMetricTypeMapsToTheV2Enum() throws IOException {
        List<TimeSeries> series = new ArrayList<>();
        for (MetricType type : MetricType.values()) {
            series.add(TimeSeries.builder(Labels.of("__name__", "m", "type", type.name())).sample(1, 1)
                    .metadata(new MetricMetadata(type, "m", "", "")).build());
        }
        WriteV2.Request parsed = parse(new WriteRequestV2Encoder().encode(series));

        assertThat(parsed.getTimeseriesList())
                .extracting(ts -> ts.getMetadata().getType())
                .containsExactly(WriteV2.Metadata.MetricType.METRIC_TYPE_UNSPECIFIED,
                        WriteV2.Metadata.MetricType.METRIC_TYPE_COUNTER,
                        WriteV2.Metadata.MetricType.METRIC_TYPE_GAUGE,
                        WriteV2.Metadata.MetricType.METRIC_TYPE_HISTOGRAM,
                        WriteV2.Metadata.MetricType.METRIC_TYPE_GAUGEHISTOGRAM,
                        WriteV2.Metadata.MetricType.METRIC_TYPE_SUMMARY,
                        WriteV2.Metadata.MetricType.METRIC_TYPE_INFO,
                        WriteV2.Metadata.MetricType.METRIC_TYPE_STATESET);
    }

    // ---------------------------------------------------------------- whole request

    @Test
    void countsAreRight() throws IOException {
        TimeSeries b = TimeSeries.builder(Labels.of("__name__", "b")).sample(1, 1).exemplar(exemplar("x")).build();

        EncodedRequest req = new WriteRequestV2Encoder().encode(List.of(fullSeries(), b));

        assertThat(req.samples()).isEqualTo(4);
        assertThat(req.histograms()).isEqualTo(2);
        assertThat(req.exemplars()).isEqualTo(2);
        assertThat(req.metadata()).isEqualTo(1);
        assertThat(req.uncompressedBytes()).isEqualTo(raw(req).length);
        assertThat(Snappy.isValidCompressedBuffer(req.body())).isTrue();
    }

    @Test
    void protocolIsV2() {
        assertThat(new WriteRequestV2Encoder().protocol()).isEqualTo(RemoteWriteProtocol.V2);
        assertThat(RequestEncoder.create(RemoteWriteProtocol.V2, true)).isInstanceOf(WriteRequestV2Encoder.class);
        assertThat(RequestEncoder.create(RemoteWriteProtocol.V1, true)).isInstanceOf(WriteRequestEncoder.class);
    }

    @Test
    void fullSeriesIsByteIdenticalToProtobufJava() throws IOException {
        List<TimeSeries> series = List.of(fullSeries());
        EncodedRequest req = new WriteRequestV2Encoder().encode(series);
        byte[] bytes = raw(req);
        WriteV2.Request parsed = WriteV2.Request.parseFrom(bytes);

        assertThat(bytes).isEqualTo(reference(series, parsed.getSymbolsList()).toByteArray());
    }

    @Test
    void randomSeriesRoundTripAndAreByteIdenticalToProtobufJava() throws IOException {
        Random random = new Random(7_654_321L);
        WriteRequestV2Encoder encoder = new WriteRequestV2Encoder();
        int seriesChecked = 0;
        for (int round = 0; round < 60; round++) {
            List<TimeSeries> batch = new ArrayList<>();
            int n = random.nextInt(10);
            for (int i = 0; i < n; i++) {
                batch.add(RandomTimeSeries.next(random));
            }
            EncodedRequest req = encoder.encode(batch);
            byte[] bytes = raw(req);
            WriteV2.Request parsed = WriteV2.Request.parseFrom(bytes);
            List<String> symbols = parsed.getSymbolsList();

            assertThat(symbols.get(0)).isEmpty();
            assertThat(symbols).doesNotHaveDuplicates();
            assertThat(symbols).containsExactlyInAnyOrderElementsOf(usedStrings(batch));
            assertThat(bytes).as("round %d", round).isEqualTo(reference(batch, symbols).toByteArray());
            assertThat(req.uncompressedBytes()).isEqualTo(bytes.length);
            assertThat(req.samples()).isEqualTo(batch.stream().mapToInt(TimeSeries::sampleCount).sum());
            assertThat(req.histograms()).isEqualTo(batch.stream().mapToInt(TimeSeries::histogramCount).sum());
            assertThat(req.exemplars()).isEqualTo(batch.stream().mapToInt(TimeSeries::exemplarCount).sum());
            assertThat(req.metadata()).isEqualTo((int) batch.stream().filter(ts -> ts.metadata() != null).count());
            for (int i = 0; i < n; i++) {
                assertThat(resolve(symbols, parsed.getTimeseries(i).getLabelsRefsList()))
                        .isEqualTo(labelList(batch.get(i).labels()));
            }
            seriesChecked += n;
        }
        assertThat(seriesChecked).isGreaterThan(200);
    }

    private static Set<String> usedStrings(List<TimeSeries> batch) {
        Set<String> used = new HashSet<>();
        used.add("");
        for (TimeSeries ts : batch) {
            used.addAll(labelList(ts.labels()));
            for (int i = 0; i < ts.exemplarCount(); i++) {
                used.addAll(labelList(ts.exemplar(i)));
            }
            if (ts.metadata() != null) {
                used.add(ts.metadata().help());
                used.add(ts.metadata().unit());
            }
        }
        return used;
    }
}
