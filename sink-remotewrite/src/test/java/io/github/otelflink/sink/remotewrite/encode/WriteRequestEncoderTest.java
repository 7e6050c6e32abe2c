package io.github.otelflink.sink.remotewrite.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.github.otelflink.sink.remotewrite.model.Exemplar;
import io.github.otelflink.sink.remotewrite.model.Histogram;
import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.MetricMetadata;
import io.github.otelflink.sink.remotewrite.model.MetricType;
import io.github.otelflink.sink.remotewrite.model.StaleNaN;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;
import io.github.otelflink.sink.remotewrite.proto.Remote;
import io.github.otelflink.sink.remotewrite.proto.Types;

import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

class WriteRequestEncoderTest {

    private static final Labels UP = Labels.of("__name__", "up", "instance", "host:9100", "job", "node");

    // ---------------------------------------------------------------- helpers

    private static byte[] raw(EncodedRequest request) throws IOException {
        return Snappy.uncompress(request.body());
    }

    private static Remote.WriteRequest parse(EncodedRequest request) throws IOException {
        return Remote.WriteRequest.parseFrom(raw(request));
    }

    /** What protobuf-java builds for the same series, metadata deduplicated by family (first wins). */
    static Remote.WriteRequest reference(List<TimeSeries> series, boolean sendMetadata) {
        Remote.WriteRequest.Builder b = Remote.WriteRequest.newBuilder();
        Map<String, MetricMetadata> metadata = new LinkedHashMap<>();
        for (TimeSeries ts : series) {
            b.addTimeseries(toProto(ts));
            if (ts.metadata() != null) {
                metadata.putIfAbsent(ts.metadata().metricFamilyName(), ts.metadata());
            }
        }
        if (sendMetadata) {
            for (MetricMetadata m : metadata.values()) {
                b.addMetadata(Types.MetricMetadata.newBuilder()
                        .setTypeValue(m.type().ordinal())
                        .setMetricFamilyName(m.metricFamilyName())
                        .setHelp(m.help())
                        .setUnit(m.unit()));
            }
        }
        return b.build();
    }

    static Types.TimeSeries toProto(TimeSeries ts) {
        Types.TimeSeries.Builder b = Types.TimeSeries.newBuilder();
        for (int i = 0; i < ts.labels().size(); i++) {
            b.addLabels(Types.Label.newBuilder().setName(ts.labels().name(i)).setValue(ts.labels().value(i)));
        }
        for (int i = 0; i < ts.sampleCount(); i++) {
            b.addSamples(Types.Sample.newBuilder().setValue(ts.value(i)).setTimestamp(ts.timestamp(i)));
        }
        for (int i = 0; i < ts.exemplarCount(); i++) {
            Exemplar e = ts.exemplar(i);
            Types.Exemplar.Builder eb = Types.Exemplar.newBuilder().setValue(e.value()).setTimestamp(e.timestampMs());
            for (int j = 0; j < e.labelCount(); j++) {
                eb.addLabels(Types.Label.newBuilder().setName(e.labelName(j)).setValue(e.labelValue(j)));
            }
            b.addExemplars(eb);
        }
        for (int i = 0; i < ts.histogramCount(); i++) {
            b.addHistograms(toProto(ts.histogram(i)));
        }
        return b.build();
    }

    static Types.Histogram toProto(Histogram h) {
        Types.Histogram.Builder b = Types.Histogram.newBuilder();
        if (h.isFloat()) {
            b.setCountFloat(h.countFloat()).setZeroCountFloat(h.zeroCountFloat());
        } else {
            b.setCountInt(h.countInt()).setZeroCountInt(h.zeroCountInt());
        }
        b.setSum(h.sum()).setSchema(h.schema()).setZeroThreshold(h.zeroThreshold());
        for (int i = 0; i < h.negativeSpanOffsets().length; i++) {
            b.addNegativeSpans(Types.BucketSpan.newBuilder()
                    .setOffset(h.negativeSpanOffsets()[i])
                    .setLength(h.negativeSpanLengths()[i]));
        }
        for (long d : h.negativeDeltas()) {
            b.addNegativeDeltas(d);
        }
        for (double c : h.negativeCounts()) {
            b.addNegativeCounts(c);
        }
        for (int i = 0; i < h.positiveSpanOffsets().length; i++) {
            b.addPositiveSpans(Types.BucketSpan.newBuilder()
                    .setOffset(h.positiveSpanOffsets()[i])
                    .setLength(h.positiveSpanLengths()[i]));
        }
        for (long d : h.positiveDeltas()) {
            b.addPositiveDeltas(d);
        }
        for (double c : h.positiveCounts()) {
            b.addPositiveCounts(c);
        }
        return b.setResetHintValue(h.resetHint()).setTimestamp(h.timestampMs()).build();
    }

    private static Histogram integerHistogram() {
        return Histogram.integerHistogram()
                .count(17L)
                .sum(42.5)
                .schema(-2)
                .zeroThreshold(1e-128)
                .zeroCount(3L)
                .negativeSpans(new int[] {-3, 2}, new int[] {2, 1})
                .negativeDeltas(new long[] {1, -1, 4})
                .positiveSpans(new int[] {0, 5, -1}, new int[] {1, 2, 3})
                .positiveDeltas(new long[] {2, -2, 0, 7, -300, Long.MIN_VALUE / 4})
                .resetHint(Histogram.RESET_NO)
                .timestampMs(1_700_000_000_123L)
                .build();
    }

    private static Histogram floatHistogram() {
        return Histogram.floatHistogram()
                .count(10.5)
                .sum(-3.25)
                .schema(8)
                .zeroThreshold(0.001)
                .zeroCount(0.5)
                .negativeSpans(new int[] {1}, new int[] {2})
                .negativeCounts(new double[] {1.5, 2.25})
                .positiveSpans(new int[] {-4}, new int[] {3})
                .positiveCounts(new double[] {0.0, 3.0, Double.MAX_VALUE})
                .resetHint(Histogram.RESET_GAUGE)
                .timestampMs(-5L)
                .build();
    }

    private static Exemplar traceExemplar() {
        return new Exemplar(new String[] {"trace_id", "span_id"}, new String[] {"4bf92f3577b34da6", "00f067aa"}, 0.73,
                1_700_000_000_456L);
    }

    private static TimeSeries fullSeries() {
        return TimeSeries.builder(UP)
                .sample(1_700_000_000_000L, 1.0)
                .sample(1_700_000_015_000L, 0.0)
                .histogram(integerHistogram())
                .histogram(floatHistogram())
                .exemplar(traceExemplar())
                .metadata(new MetricMetadata(MetricType.GAUGE, "up", "Whether the target is up.", ""))
                .build();
    }

    // ---------------------------------------------------------------- labels

    /** The newest timestamp of a request, for the sink's highest_sent_timestamp_seconds once delivered. */
    @Test
    void carriesTheNewestTimestampOfEverySampleAndHistogram() {
        java.util.Random r = new java.util.Random(3);
        for (int round = 0; round < 200; round++) {
            List<TimeSeries> series = new java.util.ArrayList<>();
            long expected = Long.MIN_VALUE;
            for (int i = 0; i < 1 + r.nextInt(5); i++) {
                TimeSeries ts = RandomTimeSeries.next(r);
                series.add(ts);
                for (int k = 0; k < ts.sampleCount(); k++) {
                    expected = Math.max(expected, ts.timestamp(k));
                }
                for (int k = 0; k < ts.histogramCount(); k++) {
                    expected = Math.max(expected, ts.histogram(k).timestampMs());
                }
            }
            assertThat(new WriteRequestEncoder(false).encode(series).maxTimestampMs()).isEqualTo(expected);
            assertThat(new WriteRequestV2Encoder().encode(series).maxTimestampMs()).isEqualTo(expected);
        }
        assertThat(new WriteRequestEncoder(false).encode(List.of()).maxTimestampMs()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void labelsRoundTripInOrder() throws IOException {
        EncodedRequest req = new WriteRequestEncoder(false).encode(List.of(TimeSeries.ofSample(UP, 1000, 1)));

        Types.TimeSeries ts = parse(req).getTimeseries(0);
        assertThat(ts.getLabelsList())
                .extracting(Types.Label::getName, Types.Label::getValue)
                .containsExactly(
                        tuple("__name__", "up"),
                        tuple("instance", "host:9100"),
                        tuple("job", "node"));
    }

    @Test
    void unicodeLabelValuesRoundTrip() throws IOException {
        String unicode = "héllo wörld 日本語 😀 \u0000 \u007f \u0080 \uffff";
        Labels labels = Labels.of("__name__", "m", "city", "Zürich", "text", unicode);
        EncodedRequest req = new WriteRequestEncoder(false).encode(List.of(TimeSeries.ofSample(labels, 1, 2)));

        Types.TimeSeries ts = parse(req).getTimeseries(0);
        assertThat(ts.getLabels(1).getValue()).isEqualTo("Zürich");
        assertThat(ts.getLabels(2).getValue()).isEqualTo(unicode);
        assertThat(raw(req)).isEqualTo(reference(List.of(TimeSeries.ofSample(labels, 1, 2)), false).toByteArray());
    }

    @Test
    void longLabelValuesNeedingMultiByteLengthsRoundTrip() throws IOException {
        String value = "x".repeat(20_000);
        TimeSeries series = TimeSeries.ofSample(Labels.of("__name__", "m", "long", value), 1, 1);
        EncodedRequest req = new WriteRequestEncoder(false).encode(List.of(series));

        assertThat(parse(req).getTimeseries(0).getLabels(1).getValue()).isEqualTo(value);
        assertThat(raw(req)).isEqualTo(reference(List.of(series), false).toByteArray());
    }

    @Test
    void emptyLabelValueParsesToTheSameMessage() throws IOException {
        // Validation strips empty values before encoding; if one gets here it must still parse right.
        // (The cached label bytes keep the empty value field, so the bytes are not protobuf-java's.)
        TimeSeries series = TimeSeries.ofSample(Labels.of("__name__", "m", "empty", ""), 1, 1);
        EncodedRequest req = new WriteRequestEncoder(false).encode(List.of(series));

        assertThat(parse(req)).isEqualTo(reference(List.of(series), false));
        assertThat(req.uncompressedBytes()).isEqualTo(raw(req).length);
        assertThat(raw(req).length).isEqualTo(1 + 1 + WriteRequestEncoder.encodedSize(series));
    }

    // ---------------------------------------------------------------- samples

    @Test
    void samplesRoundTripIncludingSpecialValuesAndTimestamps() throws IOException {
        long[] timestamps = {Long.MIN_VALUE, -1_000L, -1L, 0L, 1L, 127L, 128L, 1_700_000_000_000L, Long.MAX_VALUE};
        double[] values = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            StaleNaN.VALUE, Double.MIN_VALUE, -Double.MAX_VALUE, 3.14};
        TimeSeries series = new TimeSeries(UP, timestamps, values, null, null, null);

        EncodedRequest req = new WriteRequestEncoder(false).encode(List.of(series));
        List<Types.Sample> samples = parse(req).getTimeseries(0).getSamplesList();

        assertThat(samples).hasSize(values.length);
        for (int i = 0; i < values.length; i++) {
            assertThat(samples.get(i).getTimestamp()).as("timestamp %d", i).isEqualTo(timestamps[i]);
            assertThat(Double.doubleToRawLongBits(samples.get(i).getValue()))
                    .as("value bits %d", i)
                    .isEqualTo(Double.doubleToRawLongBits(values[i]));
        }
    }

    @Test
    void staleMarkerKeepsItsExactBits() throws IOException {
        TimeSeries series = TimeSeries.ofSample(UP, 1_700_000_000_000L, StaleNaN.VALUE);

        Types.Sample sample = parse(new WriteRequestEncoder(false).encode(List.of(series)))
                .getTimeseries(0).getSamples(0);

        assertThat(Double.doubleToRawLongBits(sample.getValue())).isEqualTo(0x7ff0000000000002L);
        assertThat(Double.doubleToRawLongBits(sample.getValue())).isNotEqualTo(Double.doubleToLongBits(Double.NaN));
    }

    @Test
    void negativeZeroIsSentAndDistinctFromZero() throws IOException {
        TimeSeries series = new TimeSeries(UP, new long[] {1, 2}, new double[] {-0.0, 0.0}, null, null, null);

        List<Types.Sample> samples = parse(new WriteRequestEncoder(false).encode(List.of(series)))
                .getTimeseries(0).getSamplesList();

        assertThat(Double.doubleToRawLongBits(samples.get(0).getValue())).isEqualTo(0x8000000000000000L);
        assertThat(Double.doubleToRawLongBits(samples.get(1).getValue())).isZero();
    }

    @Test
    void zeroValueAtTimestampZeroIsAnEmptySample() throws IOException {
        TimeSeries series = TimeSeries.ofSample(UP, 0, 0.0);
        byte[] bytes = raw(new WriteRequestEncoder(false).encode(List.of(series)));

        assertThat(bytes).isEqualTo(reference(List.of(series), false).toByteArray());
        assertThat(Remote.WriteRequest.parseFrom(bytes).getTimeseries(0).getSamplesCount()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- histograms

    @Test
    void integerHistogramRoundTrips() throws IOException {
        TimeSeries series = TimeSeries.builder(UP).histogram(integerHistogram()).build();

        Types.Histogram h = parse(new WriteRequestEncoder(false).encode(List.of(series)))
                .getTimeseries(0).getHistograms(0);

        assertThat(h.getCountCase()).isEqualTo(Types.Histogram.CountCase.COUNT_INT);
        assertThat(h.getCountInt()).isEqualTo(17);
        assertThat(h.getSum()).isEqualTo(42.5);
        assertThat(h.getSchema()).isEqualTo(-2);
        assertThat(h.getZeroThreshold()).isEqualTo(1e-128);
        assertThat(h.getZeroCountCase()).isEqualTo(Types.Histogram.ZeroCountCase.ZERO_COUNT_INT);
        assertThat(h.getZeroCountInt()).isEqualTo(3);
        assertThat(h.getNegativeSpansList())
                .extracting(Types.BucketSpan::getOffset, Types.BucketSpan::getLength)
                .containsExactly(tuple(-3, 2), tuple(2, 1));
        assertThat(h.getNegativeDeltasList()).containsExactly(1L, -1L, 4L);
        assertThat(h.getPositiveSpansList())
                .extracting(Types.BucketSpan::getOffset, Types.BucketSpan::getLength)
                .containsExactly(
                        tuple(0, 1),
                        tuple(5, 2),
                        tuple(-1, 3));
        assertThat(h.getPositiveDeltasList()).containsExactly(2L, -2L, 0L, 7L, -300L, Long.MIN_VALUE / 4);
        assertThat(h.getNegativeCountsList()).isEmpty();
        assertThat(h.getPositiveCountsList()).isEmpty();
        assertThat(h.getResetHint()).isEqualTo(Types.Histogram.ResetHint.NO);
        assertThat(h.getTimestamp()).isEqualTo(1_700_000_000_123L);
    }

    @Test
    void floatHistogramRoundTrips() throws IOException {
        TimeSeries series = TimeSeries.builder(UP).histogram(floatHistogram()).build();

        Types.Histogram h = parse(new WriteRequestEncoder(false).encode(List.of(series)))
                .getTimeseries(0).getHistograms(0);

        assertThat(h.getCountCase()).isEqualTo(Types.Histogram.CountCase.COUNT_FLOAT);
        assertThat(h.getCountFloat()).isEqualTo(10.5);
        assertThat(h.getSum()).isEqualTo(-3.25);
        assertThat(h.getSchema()).isEqualTo(8);
        assertThat(h.getZeroThreshold()).isEqualTo(0.001);
        assertThat(h.getZeroCountCase()).isEqualTo(Types.Histogram.ZeroCountCase.ZERO_COUNT_FLOAT);
        assertThat(h.getZeroCountFloat()).isEqualTo(0.5);
        assertThat(h.getNegativeCountsList()).containsExactly(1.5, 2.25);
        assertThat(h.getPositiveCountsList()).containsExactly(0.0, 3.0, Double.MAX_VALUE);
        assertThat(h.getNegativeDeltasList()).isEmpty();
        assertThat(h.getPositiveDeltasList()).isEmpty();
        assertThat(h.getResetHint()).isEqualTo(Types.Histogram.ResetHint.GAUGE);
        assertThat(h.getTimestamp()).isEqualTo(-5L);
    }

    @Test
    void emptyIntegerHistogramStillCarriesItsCountOneofs() throws IOException {
        TimeSeries series = TimeSeries.builder(UP).histogram(Histogram.integerHistogram().build()).build();
        byte[] bytes = raw(new WriteRequestEncoder(false).encode(List.of(series)));

        Types.Histogram h = Remote.WriteRequest.parseFrom(bytes).getTimeseries(0).getHistograms(0);
        assertThat(h.getCountCase()).isEqualTo(Types.Histogram.CountCase.COUNT_INT);
        assertThat(h.getZeroCountCase()).isEqualTo(Types.Histogram.ZeroCountCase.ZERO_COUNT_INT);
        assertThat(bytes).isEqualTo(reference(List.of(series), false).toByteArray());
    }

    @Test
    void staleMarkerHistogramKeepsItsSumBits() throws IOException {
        Histogram stale = Histogram.floatHistogram().sum(StaleNaN.VALUE).timestampMs(99).build();
        TimeSeries series = TimeSeries.builder(UP).histogram(stale).build();

        Types.Histogram h = parse(new WriteRequestEncoder(false).encode(List.of(series)))
                .getTimeseries(0).getHistograms(0);

        assertThat(Double.doubleToRawLongBits(h.getSum())).isEqualTo(StaleNaN.BITS);
    }

    @Test
    void resetHintsMapToTheProtoEnum() throws IOException {
        List<TimeSeries> series = new ArrayList<>();
        int[] hints = {Histogram.RESET_UNKNOWN, Histogram.RESET_YES, Histogram.RESET_NO, Histogram.RESET_GAUGE};
        for (int hint : hints) {
            // one series per hint: records of one series would be merged into one message
            series.add(TimeSeries.builder(Labels.of("__name__", "up", "hint", "" + hint))
                    .histogram(Histogram.integerHistogram().resetHint(hint).build()).build());
        }
        Remote.WriteRequest parsed = parse(new WriteRequestEncoder(false).encode(series));

        assertThat(parsed.getTimeseriesList())
                .extracting(ts -> ts.getHistograms(0).getResetHint())
                .containsExactly(Types.Histogram.ResetHint.UNKNOWN, Types.Histogram.ResetHint.YES,
                        Types.Histogram.ResetHint.NO, Types.Histogram.ResetHint.GAUGE);
    }

    // ---------------------------------------------------------------- exemplars

    @Test
    void exemplarsRoundTripWithTheirLabels() throws IOException {
        Exemplar noLabels = new Exemplar(new String[0], new String[0], -0.0, -7L);
        TimeSeries series = TimeSeries.builder(UP).sample(1, 1).exemplar(traceExemplar()).exemplar(noLabels).build();

        List<Types.Exemplar> exemplars = parse(new WriteRequestEncoder(false).encode(List.of(series)))
                .getTimeseries(0).getExemplarsList();

        assertThat(exemplars).hasSize(2);
        assertThat(exemplars.get(0).getLabelsList())
                .extracting(Types.Label::getName, Types.Label::getValue)
                .containsExactly(
                        tuple("trace_id", "4bf92f3577b34da6"),
                        tuple("span_id", "00f067aa"));
        assertThat(exemplars.get(0).getValue()).isEqualTo(0.73);
        assertThat(exemplars.get(0).getTimestamp()).isEqualTo(1_700_000_000_456L);
        assertThat(exemplars.get(1).getLabelsList()).isEmpty();
        assertThat(Double.doubleToRawLongBits(exemplars.get(1).getValue())).isEqualTo(0x8000000000000000L);
        assertThat(exemplars.get(1).getTimestamp()).isEqualTo(-7L);
    }

    @Test
    void exemplarWithEmptyLabelPartsIsByteIdenticalToProtobuf() throws IOException {
        Exemplar e = new Exemplar(new String[] {"", "trace_id"}, new String[] {"x", ""}, 0.0, 0L);
        TimeSeries series = TimeSeries.builder(UP).sample(1, 1).exemplar(e).build();

        assertThat(raw(new WriteRequestEncoder(false).encode(List.of(series))))
                .isEqualTo(reference(List.of(series), false).toByteArray());
    }

    // ---------------------------------------------------------------- metadata

    @Test
    void metadataIsDeduplicatedPerFamilyWhenSendMetadataIsOn() throws IOException {
        MetricMetadata first = new MetricMetadata(MetricType.COUNTER, "http_requests", "Requests.", "requests");
        MetricMetadata other = new MetricMetadata(MetricType.GAUGE, "temperature", "Temperature.", "celsius");
        MetricMetadata sameFamilyAgain = new MetricMetadata(MetricType.COUNTER, "http_requests", "Ignored.", "");
        List<TimeSeries> series = List.of(
                TimeSeries.builder(Labels.of("__name__", "http_requests_total", "code", "200")).sample(1, 1)
                        .metadata(first).build(),
                TimeSeries.builder(Labels.of("__name__", "temperature_celsius")).sample(1, 20).metadata(other).build(),
                TimeSeries.builder(Labels.of("__name__", "http_requests_total", "code", "500")).sample(1, 2)
                        .metadata(sameFamilyAgain).build(),
                TimeSeries.ofSample(Labels.of("__name__", "no_meta"), 1, 3));

        EncodedRequest req = new WriteRequestEncoder(true).encode(series);
        Remote.WriteRequest parsed = parse(req);

        assertThat(parsed.getMetadataList())
                .extracting(Types.MetricMetadata::getType, Types.MetricMetadata::getMetricFamilyName,
                        Types.MetricMetadata::getHelp, Types.MetricMetadata::getUnit)
                .containsExactly(
                        tuple(
                                Types.MetricMetadata.MetricType.COUNTER, "http_requests", "Requests.", "requests"),
                        tuple(
                                Types.MetricMetadata.MetricType.GAUGE, "temperature", "Temperature.", "celsius"));
        assertThat(req.metadata()).isEqualTo(2);
        assertThat(raw(req)).isEqualTo(reference(series, true).toByteArray());
    }

    @Test
    void startTimestampsAreLeftOutOfRemoteWrite1() throws IOException {
        Labels counter = Labels.of("__name__", "requests_total");
        Histogram started = Histogram.integerHistogram().count(2).sum(3).timestampMs(2000).startTimestampMs(500).build();
        TimeSeries with = TimeSeries.builder(counter).sample(1000, 1, 400).sample(2000, 2, 400).histogram(started).build();
        TimeSeries without = TimeSeries.builder(counter).sample(1000, 1).sample(2000, 2)
                .histogram(started.withStartTimestampMs(0)).build();

        byte[] bytes = raw(new WriteRequestEncoder(false).encode(List.of(with)));

        // 1.0 has no such field: the bytes are those of the series without start timestamps.
        assertThat(bytes).isEqualTo(raw(new WriteRequestEncoder(false).encode(List.of(without))));
        assertThat(bytes).isEqualTo(reference(List.of(without), false).toByteArray());
    }

    @Test
    void metadataIsAbsentWhenSendMetadataIsOff() throws IOException {
        EncodedRequest req = new WriteRequestEncoder(false).encode(List.of(fullSeries()));

        assertThat(parse(req).getMetadataCount()).isZero();
        assertThat(req.metadata()).isZero();
        assertThat(raw(req)).isEqualTo(reference(List.of(fullSeries()), false).toByteArray());
    }

    @Test
    void everyMetricTypeMapsToTheProtoEnum() throws IOException {
        List<TimeSeries> series = new ArrayList<>();
        for (MetricType type : MetricType.values()) {
            series.add(TimeSeries.builder(Labels.of("__name__", "m_" + type.name().toLowerCase()))
                    .sample(1, 1)
                    .metadata(new MetricMetadata(type, "m_" + type.name().toLowerCase(), "", ""))
                    .build());
        }
        Remote.WriteRequest parsed = parse(new WriteRequestEncoder(true).encode(series));

        assertThat(parsed.getMetadataList())
                .extracting(m -> m.getType().name())
                .containsExactly(java.util.Arrays.stream(MetricType.values()).map(Enum::name).toArray(String[]::new));
    }

    // ---------------------------------------------------------------- whole request

    @Test
    void fullSeriesIsByteIdenticalToProtobufJava() throws IOException {
        // A second, distinct series: records of one series would be merged into one message.
        List<TimeSeries> series = List.of(fullSeries(), TimeSeries.ofSample(Labels.of("__name__", "up2"), -1, Double.NaN));

        EncodedRequest req = new WriteRequestEncoder(true).encode(series);

        assertThat(raw(req)).isEqualTo(reference(series, true).toByteArray());
    }

    @Test
    void bodyIsSnappyBlockFormat() throws IOException {
        EncodedRequest req = new WriteRequestEncoder(false).encode(List.of(fullSeries()));

        assertThat(Snappy.isValidCompressedBuffer(req.body())).isTrue();
        assertThat(Snappy.uncompressedLength(req.body())).isEqualTo(req.uncompressedBytes());
        // The framed format would start with a stream identifier chunk: 0xff 0x06 0x00 0x00 "sNaPpY".
        assertThat(new String(req.body(), 4, 6, java.nio.charset.StandardCharsets.ISO_8859_1)).isNotEqualTo("sNaPpY");
    }

    @Test
    void countsAreRight() throws IOException {
        TimeSeries a = fullSeries(); // 2 samples, 2 histograms, 1 exemplar, metadata "up"
        TimeSeries b = TimeSeries.builder(Labels.of("__name__", "up", "job", "b"))
                .sample(1, 1).sample(2, 2).sample(3, 3)
                .exemplar(traceExemplar()).exemplar(traceExemplar())
                .metadata(new MetricMetadata(MetricType.GAUGE, "up", "dup", ""))
                .build();
        TimeSeries c = TimeSeries.builder(Labels.of("__name__", "h"))
                .histogram(floatHistogram())
                .metadata(new MetricMetadata(MetricType.HISTOGRAM, "h", "", ""))
                .build();

        EncodedRequest req = new WriteRequestEncoder(true).encode(List.of(a, b, c));

        assertThat(req.samples()).isEqualTo(5);
        assertThat(req.histograms()).isEqualTo(3);
        assertThat(req.exemplars()).isEqualTo(3);
        assertThat(req.metadata()).isEqualTo(2);
        assertThat(req.uncompressedBytes()).isEqualTo(raw(req).length);
        assertThat(req.uncompressedBytes()).isEqualTo(reference(List.of(a, b, c), true).getSerializedSize());
    }

    @Test
    void emptyBatchEncodesToAnEmptyMessage() throws IOException {
        EncodedRequest req = new WriteRequestEncoder(true).encode(List.of());

        assertThat(raw(req)).isEmpty();
        assertThat(req.uncompressedBytes()).isZero();
        assertThat(req.samples()).isZero();
        assertThat(req.histograms()).isZero();
        assertThat(req.exemplars()).isZero();
        assertThat(req.metadata()).isZero();
    }

    @Test
    void reusedEncoderProducesIndependentCorrectBodies() throws IOException {
        WriteRequestEncoder encoder = new WriteRequestEncoder(true);
        List<TimeSeries> big = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            big.add(TimeSeries.builder(Labels.of("__name__", "m", "i", Integer.toString(i)))
                    .sample(i, i).sample(i + 1L, -i).build());
        }
        List<TimeSeries> small = List.of(TimeSeries.ofSample(UP, 5, 6));

        EncodedRequest first = encoder.encode(big);
        EncodedRequest second = encoder.encode(small);
        EncodedRequest third = encoder.encode(big);

        assertThat(raw(first)).isEqualTo(reference(big, true).toByteArray());
        assertThat(raw(second)).isEqualTo(reference(small, true).toByteArray());
        assertThat(raw(third)).isEqualTo(raw(first));
    }

    @Test
    void encodedSizeEqualsTheSerializedSizeOfTheProtoTimeSeries() {
        List<TimeSeries> cases = List.of(
                fullSeries(),
                TimeSeries.ofSample(UP, 0, 0.0),
                TimeSeries.ofSample(UP, Long.MIN_VALUE, StaleNaN.VALUE),
                TimeSeries.builder(UP).histogram(Histogram.integerHistogram().build()).build(),
                TimeSeries.builder(Labels.of("__name__", "u", "v", "日本語".repeat(100))).sample(1, 1).build());

        for (TimeSeries ts : cases) {
            assertThat(WriteRequestEncoder.encodedSize(ts)).as(ts.toString()).isEqualTo(toProto(ts).getSerializedSize());
        }
    }

    // ---------------------------------------------------------------- property test

    @Test
    void randomSeriesAreByteIdenticalToProtobufJava() throws IOException {
        Random random = new Random(20240611L);
        WriteRequestEncoder withMetadata = new WriteRequestEncoder(true);
        WriteRequestEncoder withoutMetadata = new WriteRequestEncoder(false);
        int seriesChecked = 0;
        for (int round = 0; round < 60; round++) {
            List<TimeSeries> batch = new ArrayList<>();
            int n = random.nextInt(10);
            for (int i = 0; i < n; i++) {
                batch.add(RandomTimeSeries.next(random));
            }
            boolean sendMetadata = random.nextBoolean();
            EncodedRequest req = (sendMetadata ? withMetadata : withoutMetadata).encode(batch);
            Remote.WriteRequest expected = reference(batch, sendMetadata);

            assertThat(raw(req)).as("round %d", round).isEqualTo(expected.toByteArray());
            assertThat(req.uncompressedBytes()).isEqualTo(expected.getSerializedSize());
            assertThat(req.samples()).isEqualTo(batch.stream().mapToInt(TimeSeries::sampleCount).sum());
            assertThat(req.histograms()).isEqualTo(batch.stream().mapToInt(TimeSeries::histogramCount).sum());
            assertThat(req.exemplars()).isEqualTo(batch.stream().mapToInt(TimeSeries::exemplarCount).sum());
            assertThat(req.metadata()).isEqualTo(expected.getMetadataCount());
            for (TimeSeries ts : batch) {
                assertThat(WriteRequestEncoder.encodedSize(ts)).isEqualTo(toProto(ts).getSerializedSize());
            }
            seriesChecked += n;
        }
        assertThat(seriesChecked).isGreaterThan(200);
    }
}
