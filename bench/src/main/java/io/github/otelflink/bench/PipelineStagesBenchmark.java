package io.github.otelflink.bench;

import io.github.otelflink.connectors.decode.OtlpWireScan;
import io.github.otelflink.job.pipeline.TranslateStage;
import io.github.otelflink.job.series.SeriesBatch;
import io.github.otelflink.job.series.SeriesBatchSerializer;
import io.github.otelflink.job.series.SeriesStateStage;
import io.github.otelflink.job.series.ShardLayout;
import io.github.otelflink.sink.remotewrite.encode.WriteRequestEncoder;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;
import io.github.otelflink.sink.remotewrite.validate.SeriesValidator;

import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The bare pipeline's stages one at a time, in nanoseconds per sample, on the end-to-end
 * benchmark's own requests ({@link OtlpGaugeRequests}: 100k gauge series, 100 requests of 1000
 * points with 4 attributes each), each stage over the whole working set per invocation, as the
 * job sees it:
 *
 * <ul>
 *   <li>{@code ingressScan}: the ingress's check of a protobuf body ({@code OtlpWireScan});
 *   <li>{@code translate}: {@code OtlpTranslator} read straight from the bytes, each series put
 *       into its shard's batch by the translating task's batcher (16 shards, the fresh layout at
 *       parallelism 2; {@code TranslateStage});
 *   <li>{@code translateAndWrite}: the same, each batch then written by {@code
 *       SeriesBatchSerializer} (the form that crosses the network shuffle) while its series are
 *       fresh, as the translating task does: the difference is the write;
 *   <li>{@code shuffleRead}: those batches read back, as the keyed task receives them;
 *   <li>{@code seriesState}: the keyed step on freshly read batches, one request's batch per
 *       shard and call as at 100k samples/s ({@code SeriesStateStage}); its batches are made
 *       again with the next second's timestamps before every invocation (JMH leaves that out of
 *       the score, but {@code cpu.worker} includes it: read this one's score);
 *   <li>{@code sinkValidateEncode}: the sink's validator and remote-write 1.0 encoder (snappy
 *       included) over the translated series (what the keyed step passes on for gauges), 2000
 *       samples per request.
 * </ul>
 *
 * The sum of the stages is what the job would cost if nothing else ran: the end-to-end figures
 * (bench README) say how far the job is from it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(PipelineStagesBenchmark.SERIES)
public class PipelineStagesBenchmark {
    static final int SERIES = 100_000;
    static final int SHARDS = 16;
    private static final int MAX_PARALLELISM = 128;
    private static final int SAMPLES_PER_REQUEST = 2000;
    private static final long START_NANOS = 1_700_000_000_000_000_000L;
    private static final ShardLayout LAYOUT = ShardLayout.spread(SHARDS, MAX_PARALLELISM);

    /** The requests' bytes and each request's batches, made once. */
    @State(Scope.Benchmark)
    public static class Requests {
        OtlpGaugeRequests generator;
        byte[][] bodies;
        List<List<SeriesBatch>> batches;
        byte[][] shuffled;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            generator = new OtlpGaugeRequests(SERIES, false);
            bodies = render(generator, 0);
            batches = translateAll(new TranslateStage(LAYOUT), bodies);
            shuffled = serializeAll(batches);
        }
    }

    /** Batches as the keyed step receives them, with the next second's timestamps each time. */
    @State(Scope.Thread)
    public static class Rounds {
        final SeriesStateStage stage = new SeriesStateStage(SHARDS);
        final TranslateStage translator = new TranslateStage(LAYOUT);
        long round;
        List<List<SeriesBatch>> received;

        @Setup(Level.Invocation)
        public void nextRound(Requests requests) throws IOException {
            round++;
            received = deserializeAll(serializeAll(translateAll(translator, render(requests.generator, round))));
        }
    }

    private final TranslateStage translator = new TranslateStage(LAYOUT);
    private final DataOutputSerializer out = new DataOutputSerializer(1 << 20);
    private final SeriesValidator validator = new SeriesValidator((reason, samples, histograms) -> {
        throw new IllegalStateException("the benchmark's series were refused: " + reason);
    });
    private final WriteRequestEncoder encoder = new WriteRequestEncoder(false);

    @Benchmark
    public long ingressScan(Requests requests) {
        long points = 0;
        for (byte[] body : requests.bodies) {
            points += OtlpWireScan.points(body, 0, body.length);
        }
        return points;
    }

    @Benchmark
    public void translate(Requests requests, Blackhole bh) {
        for (byte[] body : requests.bodies) {
            bh.consume(translator.translate(body, 0));
        }
    }

    /** The translating task's own work: {@link #translate} and each batch written for the shuffle at once. */
    @Benchmark
    public int translateAndWrite(Requests requests) throws IOException {
        int bytes = 0;
        for (byte[] body : requests.bodies) {
            for (SeriesBatch batch : translator.translate(body, 0)) {
                out.clear();
                SeriesBatchSerializer.INSTANCE.serialize(batch, out);
                bytes += out.length();
            }
        }
        return bytes;
    }

    @Benchmark
    public void shuffleRead(Requests requests, Blackhole bh) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer();
        for (byte[] request : requests.shuffled) {
            in.setBuffer(request);
            while (in.available() > 0) {
                bh.consume(SeriesBatchSerializer.INSTANCE.deserialize(in));
            }
        }
    }

    @Benchmark
    public void seriesState(Rounds rounds, Blackhole bh) throws Exception {
        emitRound(rounds, bh::consume);
    }

    /** The round's batches through the keyed step, one request's batch per shard and call. */
    static void emitRound(Rounds rounds, Consumer<TimeSeries> out) throws Exception {
        long nowMs = rounds.round * 1000;
        for (List<SeriesBatch> request : rounds.received) {
            for (SeriesBatch batch : request) {
                rounds.stage.emit(LAYOUT.indexOf(batch.series(0).labels().fingerprint()), List.of(batch), nowMs, out);
            }
        }
    }

    @Benchmark
    public long sinkValidateEncode(Requests requests) {
        long bytes = 0;
        List<TimeSeries> batch = new ArrayList<>(SAMPLES_PER_REQUEST);
        for (List<SeriesBatch> request : requests.batches) {
            for (SeriesBatch b : request) {
                for (int i = 0; i < b.size(); i++) {
                    batch.add(validator.validate(b.series(i)));
                    if (batch.size() == SAMPLES_PER_REQUEST) {
                        bytes += encoder.encode(batch).body().length;
                        batch.clear();
                    }
                }
            }
        }
        return bytes;
    }

    static byte[][] render(OtlpGaugeRequests generator, long round) {
        byte[][] bodies = new byte[generator.requestCount()][];
        for (int r = 0; r < bodies.length; r++) {
            byte[] body = new byte[generator.maxRequestBytes()];
            int length = generator.render(r, round, START_NANOS + round * 1_000_000_000L, body);
            bodies[r] = java.util.Arrays.copyOf(body, length);
        }
        return bodies;
    }

    /** Each request's series by shard. */
    static List<List<SeriesBatch>> translateAll(TranslateStage translator, byte[][] bodies) {
        List<List<SeriesBatch>> all = new ArrayList<>(bodies.length);
        for (byte[] body : bodies) {
            all.add(translator.translate(body, 0));
        }
        return all;
    }

    /** Each request's batches, serialized one after another. */
    static byte[][] serializeAll(List<List<SeriesBatch>> batches) throws IOException {
        byte[][] all = new byte[batches.size()][];
        DataOutputSerializer out = new DataOutputSerializer(1 << 20);
        for (int r = 0; r < all.length; r++) {
            out.clear();
            for (SeriesBatch b : batches.get(r)) {
                SeriesBatchSerializer.INSTANCE.serialize(b, out);
            }
            all[r] = out.getCopyOfBuffer();
        }
        return all;
    }

    static List<List<SeriesBatch>> deserializeAll(byte[][] shuffled) throws IOException {
        List<List<SeriesBatch>> all = new ArrayList<>(shuffled.length);
        DataInputDeserializer in = new DataInputDeserializer();
        for (byte[] request : shuffled) {
            in.setBuffer(request);
            List<SeriesBatch> batches = new ArrayList<>();
            while (in.available() > 0) {
                batches.add(SeriesBatchSerializer.INSTANCE.deserialize(in));
            }
            all.add(batches);
        }
        return all;
    }
}
