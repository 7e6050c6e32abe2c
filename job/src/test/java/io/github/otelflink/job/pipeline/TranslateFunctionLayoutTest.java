package io.github.otelflink.job.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.testing.CloseAfterEach;
import io.github.otelflink.job.config.TestConfigs;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig;
import io.github.otelflink.job.series.SeriesBatch;
import io.github.otelflink.job.series.ShardLayout;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The translator's shard layout from start to restore: a fresh job spreads series over its fresh
 * shard count, a restored one keeps what its checkpoint recorded whatever its parallelism and
 * fresh count are now, and one restored from a checkpoint that recorded none keeps the legacy
 * 128 shards its keyed state was written with.
 */
class TranslateFunctionLayoutTest {
    private static final int MAX_PARALLELISM = 128;
    private static final int SERIES = 2000;
    private static final PrometheusRemoteWriteExporterConfig EXPORTER =
            TestConfigs.minimal().exporter("prometheusremotewrite", PrometheusRemoteWriteExporterConfig.class);

    @RegisterExtension
    final CloseAfterEach harnesses = new CloseAfterEach();

    private <I> OneInputStreamOperatorTestHarness<I, SeriesBatch> harness(
            ProcessFunction<I, SeriesBatch> function, int parallelism, int subtask) throws Exception {
        var h = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(function), MAX_PARALLELISM, parallelism, subtask);
        harnesses.add(h);
        return h;
    }

    private OneInputStreamOperatorTestHarness<ExportMetricsServiceRequest, SeriesBatch> translator(
            int freshShards, int parallelism, int subtask) throws Exception {
        return harness(new TranslateFunction(EXPORTER, freshShards), parallelism, subtask);
    }

    private static ExportMetricsServiceRequest request() {
        Gauge.Builder g = Gauge.newBuilder();
        for (int s = 0; s < SERIES; s++) {
            g.addDataPoints(NumberDataPoint.newBuilder().setAsDouble(s).setTimeUnixNano(1_000_000_000L)
                    .addAttributes(KeyValue.newBuilder().setKey("series").setValue(AnyValue.newBuilder().setIntValue(s))));
        }
        return ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder().addScopeMetrics(ScopeMetrics.newBuilder()
                        .addMetrics(Metric.newBuilder().setName("queue_depth").setGauge(g))))
                .build();
    }

    /** Translates one request and checks that every series went to the key {@code layout} gives it. */
    private static void assertKeyedBy(
            OneInputStreamOperatorTestHarness<ExportMetricsServiceRequest, SeriesBatch> h, ShardLayout layout)
            throws Exception {
        h.processElement(request(), 1000);
        int series = 0;
        for (SeriesBatch b : h.extractOutputValues()) {
            for (int i = 0; i < b.size(); i++) {
                assertThat(b.shard()).isEqualTo(layout.keyOf(b.series(i).labels().fingerprint()));
                series++;
            }
        }
        assertThat(series).isEqualTo(SERIES);
        assertThat(h.extractOutputValues().stream().map(SeriesBatch::shard).distinct().count())
                .as("series spread over every shard").isEqualTo(layout.count());
    }

    @Test
    void aJobStartedAfreshSpreadsItsSeriesOverItsFreshShardCount() throws Exception {
        var h = translator(16, 2, 0);
        h.open();
        assertKeyedBy(h, ShardLayout.spread(16, MAX_PARALLELISM));
    }

    @Test
    void aRestoredJobKeepsTheLayoutItsCheckpointRecordedAtAnyParallelism() throws Exception {
        List<OperatorSubtaskState> snapshots = new ArrayList<>();
        for (int subtask = 0; subtask < 2; subtask++) {
            var h = translator(16, 2, subtask);
            h.open();
            snapshots.add(h.snapshot(1, 1000));
        }
        OperatorSubtaskState both = AbstractStreamOperatorTestHarness.repackageState(snapshots.toArray(new OperatorSubtaskState[0]));
        for (int subtask = 0; subtask < 3; subtask++) {
            // Restarted at parallelism 3, whose fresh count would be 32.
            var h = translator(32, 3, subtask);
            h.initializeState(AbstractStreamOperatorTestHarness.repartitionOperatorState(both, MAX_PARALLELISM, 2, 3, subtask));
            h.open();
            assertKeyedBy(h, ShardLayout.spread(16, MAX_PARALLELISM));
        }
    }

    /** What a translator's checkpoint held before it recorded a layout: no operator state at all. */
    private static final class Stateless extends ProcessFunction<String, SeriesBatch> {
        @Override
        public void processElement(String value, Context ctx, Collector<SeriesBatch> out) {}
    }

    @Test
    void aJobRestoredFromACheckpointThatRecordedNoLayoutKeepsTheLegacyShards() throws Exception {
        var old = harness(new Stateless(), 1, 0);
        old.open();
        OperatorSubtaskState snapshot = old.snapshot(1, 1000);
        var h = translator(16, 1, 0);
        h.initializeState(snapshot);
        h.open();
        assertKeyedBy(h, ShardLayout.legacy());
    }
}
