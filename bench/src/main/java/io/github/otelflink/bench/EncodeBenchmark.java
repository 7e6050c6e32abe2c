package io.github.otelflink.bench;

import io.github.otelflink.sink.remotewrite.encode.EncodedRequest;
import io.github.otelflink.sink.remotewrite.encode.WriteRequestEncoder;
import io.github.otelflink.sink.remotewrite.encode.WriteRequestV2Encoder;
import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;
import io.github.otelflink.sink.remotewrite.proto.Remote;
import io.github.otelflink.sink.remotewrite.proto.Types;
import io.github.otelflink.sink.remotewrite.proto.v2.WriteV2;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Encoding one remote-write request body of 2000 samples, snappy compression included, reported
 * per sample:
 *
 * <ul>
 *   <li>{@code rw1} / {@code rw2}: the sink's {@link WriteRequestEncoder} and {@link
 *       WriteRequestV2Encoder} on series whose {@link Labels} were encoded before (the steady state
 *       of a series that keeps its {@code Labels} instance; remote write 2.0 has no per-series
 *       cache, it builds the request's symbol table every time).
 *   <li>{@code rw1ColdLabels}: the same on fresh {@code Labels} objects, i.e. what the sink writer
 *       sees for records that crossed a network shuffle and were deserialized: the label bytes are
 *       encoded again for every record (in the sink: on the first {@code encodedV1()} call, by the
 *       writer's size accounting). There is no 2.0 cold variant: 2.0 caches nothing per series, so it would
 *       measure {@code rw2} again. Decoding the strings themselves is part of the shuffle, which
 *       the load driver measures.
 *   <li>{@code protobufJava}: the baseline, the same {@code WriteRequest} built with protobuf-java
 *       builders, {@code toByteArray()} and {@code Snappy.compress}.
 * </ul>
 *
 * <p>{@link Benchmarks} adds {@link CpuTimeProfiler}: its {@code cpu.worker} (CPU ns per sample)
 * is the figure to trust on a busy machine; {@code coldSetupOnly} is the setup cost to subtract
 * from the cold variants' {@code cpu.worker}.
 *
 * <p>The setup checks that the remote write 1.0 body parses to exactly the message protobuf-java
 * builds (and 2.0 to the same labels and samples), and prints the compressed bytes per sample.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(EncodeBenchmark.SAMPLES_PER_REQUEST)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class EncodeBenchmark {
    static final int SAMPLES_PER_REQUEST = 2000;

    /** The request's series and their samples. */
    @State(Scope.Thread)
    public static class Batch {
        /** {@code <series>x<samples per series>}, 2000 samples either way. */
        @Param({"500x4", "2000x1"})
        public String shape;

        int seriesCount;
        int samplesPerSeries;
        String[][] values;
        long[][] timestamps;
        double[][] sampleValues;
        /** Series whose Labels instances already carry their encoded bytes. */
        List<TimeSeries> warm;
        final WriteRequestEncoder rw1 = new WriteRequestEncoder(false);
        /** As the job's sink has it without tenant routing: the (absent) tenant label is left out. */
        final WriteRequestEncoder rw1Omitting = new WriteRequestEncoder(false, "__tenant_id__");
        final WriteRequestV2Encoder rw2 = new WriteRequestV2Encoder();

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            String[] parts = shape.split("x");
            seriesCount = Integer.parseInt(parts[0]);
            samplesPerSeries = Integer.parseInt(parts[1]);
            if (seriesCount * samplesPerSeries != SAMPLES_PER_REQUEST) {
                throw new IllegalArgumentException("shape " + shape + " is not " + SAMPLES_PER_REQUEST + " samples");
            }
            // Fixed, so that the bytes (varint timestamps, snappy output) are the same in every run.
            long base = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
            values = new String[seriesCount][];
            timestamps = new long[seriesCount][];
            sampleValues = new double[seriesCount][];
            warm = new ArrayList<>(seriesCount);
            for (int i = 0; i < seriesCount; i++) {
                values[i] = BenchSeries.values(i);
                timestamps[i] = new long[samplesPerSeries];
                sampleValues[i] = new double[samplesPerSeries];
                for (int k = 0; k < samplesPerSeries; k++) {
                    timestamps[i][k] = BenchSeries.timestamp(i, k, base, 15_000);
                    sampleValues[i][k] = BenchSeries.value(i, k);
                }
                warm.add(new TimeSeries(new Labels(BenchSeries.NAMES, values[i]),
                        timestamps[i], sampleValues[i], null, null, null));
            }
            verifyAndReport();
        }

        /**
         * Fresh Labels objects (nothing cached), as every record has after a network shuffle. The
         * strings are shared, which keeps the untimed setup light and GC noise low; it makes no
         * difference to 1.0 (encodeV1 does not use String's cached hash).
         */
        List<TimeSeries> freshCopy() {
            List<TimeSeries> copy = new ArrayList<>(seriesCount);
            for (int i = 0; i < seriesCount; i++) {
                copy.add(new TimeSeries(new Labels(BenchSeries.NAMES, values[i]),
                        timestamps[i], sampleValues[i], null, null, null));
            }
            return copy;
        }

        Remote.WriteRequest buildWithProtobuf() {
            Remote.WriteRequest.Builder request = Remote.WriteRequest.newBuilder();
            for (int i = 0; i < seriesCount; i++) {
                Types.TimeSeries.Builder ts = Types.TimeSeries.newBuilder();
                for (int j = 0; j < BenchSeries.NAMES.length; j++) {
                    ts.addLabels(Types.Label.newBuilder().setName(BenchSeries.NAMES[j]).setValue(values[i][j]));
                }
                for (int k = 0; k < samplesPerSeries; k++) {
                    ts.addSamples(Types.Sample.newBuilder()
                            .setValue(sampleValues[i][k])
                            .setTimestamp(timestamps[i][k]));
                }
                request.addTimeseries(ts);
            }
            return request.build();
        }

        private void verifyAndReport() throws IOException {
            Remote.WriteRequest expected = buildWithProtobuf();
            byte[] protobufBody = Snappy.compress(expected.toByteArray());

            EncodedRequest v1 = rw1.encode(freshCopy());
            Remote.WriteRequest actual = Remote.WriteRequest.parseFrom(Snappy.uncompress(v1.body()));
            if (!actual.equals(expected)) {
                throw new IllegalStateException("WriteRequestEncoder output differs from protobuf-java's");
            }
            EncodedRequest v2 = rw2.encode(warm);
            WriteV2.Request parsed = WriteV2.Request.parseFrom(Snappy.uncompress(v2.body()));
            for (int i = 0; i < seriesCount; i++) {
                WriteV2.TimeSeries ts = parsed.getTimeseries(i);
                for (int j = 0; j < BenchSeries.NAMES.length; j++) {
                    if (!parsed.getSymbols(ts.getLabelsRefs(2 * j)).equals(BenchSeries.NAMES[j])
                            || !parsed.getSymbols(ts.getLabelsRefs(2 * j + 1)).equals(values[i][j])) {
                        throw new IllegalStateException("WriteRequestV2Encoder: wrong labels in series " + i);
                    }
                }
                for (int k = 0; k < samplesPerSeries; k++) {
                    if (ts.getSamples(k).getTimestamp() != timestamps[i][k]
                            || Double.compare(ts.getSamples(k).getValue(), sampleValues[i][k]) != 0) {
                        throw new IllegalStateException("WriteRequestV2Encoder: wrong sample in series " + i);
                    }
                }
            }
            // Printed once per trial; JMH shows the fork's output above the iterations.
            System.out.printf(Locale.ROOT,
                    "%n[bytes] shape=%s: rw1 %d raw -> %d snappy (%.2f B/sample); rw2 %d raw -> %d snappy"
                            + " (%.2f B/sample); protobuf-java %d snappy (%.2f B/sample); output checked%n",
                    shape,
                    v1.uncompressedBytes(), v1.body().length, v1.body().length / (double) SAMPLES_PER_REQUEST,
                    v2.uncompressedBytes(), v2.body().length, v2.body().length / (double) SAMPLES_PER_REQUEST,
                    protobufBody.length, protobufBody.length / (double) SAMPLES_PER_REQUEST);
        }
    }

    /** A new set of Labels objects and strings before every invocation (not timed). */
    @State(Scope.Thread)
    public static class ColdBatch {
        List<TimeSeries> series;

        @Setup(Level.Invocation)
        public void fresh(Batch batch) {
            series = batch.freshCopy();
        }
    }

    @Benchmark
    public EncodedRequest rw1(Batch batch) {
        return batch.rw1.encode(batch.warm);
    }

    @Benchmark
    public EncodedRequest rw1OmittedLabel(Batch batch) {
        return batch.rw1Omitting.encode(batch.warm);
    }

    @Benchmark
    public EncodedRequest rw1ColdLabels(Batch batch, ColdBatch cold) {
        return batch.rw1.encode(cold.series);
    }

    @Benchmark
    public EncodedRequest rw2(Batch batch) {
        return batch.rw2.encode(batch.warm);
    }

    /**
     * Nothing but the cold variants' untimed per-invocation setup: ~0 ns/op wall clock, but its
     * {@code cpu.worker} is the setup's CPU, to subtract from the cold variants' {@code cpu.worker}.
     */
    @Benchmark
    public List<TimeSeries> coldSetupOnly(ColdBatch cold) {
        return cold.series;
    }

    @Benchmark
    public byte[] protobufJava(Batch batch) throws IOException {
        return Snappy.compress(batch.buildWithProtobuf().toByteArray());
    }
}
