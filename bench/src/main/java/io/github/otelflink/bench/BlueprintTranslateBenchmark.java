package io.github.otelflink.bench;

import io.github.otelflink.job.exporter.prometheusremotewrite.translate.OtlpTranslator;
import io.github.otelflink.job.exporter.prometheusremotewrite.translate.TranslationConfig;
import io.github.otelflink.job.relabel.RelabelRule;
import io.github.otelflink.job.relabel.Relabeler;
import io.github.otelflink.sink.remotewrite.model.Labels;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Translation from the request bytes with the blueprint's exporter settings ({@code
 * resource_to_telemetry_conversion} and its two {@code metric_relabels} copy rules), ns per
 * sample, on the end-to-end benchmark's 100k series with the resource's {@code cluster.name} the
 * blueprint's resource processor adds:
 *
 * <ul>
 *   <li>{@code relabel=none}: translation without the rules (what the rules cost is the difference);
 *   <li>{@code relabel=afterwards}: each translated series relabeled into a second label set, on the
 *       labels' bytes ({@code Relabeler.forOneThread}, as the translating task did before);
 *   <li>{@code relabel=whileWriting}: the rules worked out per label layout and the final labels
 *       written once ({@code OtlpTranslator.relabelWhileWriting}, what the task does now).
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(BlueprintTranslateBenchmark.SERIES)
public class BlueprintTranslateBenchmark {
    static final int SERIES = 100_000;

    @Param({"none", "afterwards", "whileWriting"})
    public String relabel;

    private byte[][] bodies;
    private OtlpTranslator translator;
    private UnaryOperator<Labels> afterwards;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        byte[][] plain = PipelineStagesBenchmark.render(new OtlpGaugeRequests(SERIES, false), 0);
        bodies = new byte[plain.length][];
        for (int i = 0; i < plain.length; i++) {
            ExportMetricsServiceRequest.Builder request = ExportMetricsServiceRequest.parseFrom(plain[i]).toBuilder();
            for (ResourceMetrics.Builder rm : request.getResourceMetricsBuilderList()) {
                rm.getResourceBuilder().addAttributes(KeyValue.newBuilder().setKey("cluster.name")
                        .setValue(AnyValue.newBuilder().setStringValue("prometheus-demo-cluster")));
            }
            bodies[i] = request.build().toByteArray();
        }
        translator = new OtlpTranslator(TranslationConfig.defaults().withResourceToTelemetryConversion(true));
        Relabeler rules = Relabeler.compile(List.of(
                RelabelRule.builder().sourceLabels("__name__").targetLabel("original_name").build(),
                RelabelRule.builder().sourceLabels("cluster.name").targetLabel("cluster").build()));
        switch (relabel) {
            case "none":
                break;
            case "afterwards":
                afterwards = rules.forOneThread(translator.labelsWriter());
                break;
            case "whileWriting":
                if (!translator.relabelWhileWriting(rules)) {
                    throw new IllegalStateException("the blueprint's rules were not taken by the translator");
                }
                break;
            default:
                throw new IllegalArgumentException("relabel: none, afterwards or whileWriting, got " + relabel);
        }
    }

    @Benchmark
    public void translate(Blackhole bh) {
        UnaryOperator<Labels> rules = afterwards;
        for (byte[] body : bodies) {
            translator.translate(body, 0, body.length, (series, delta) ->
                    bh.consume(rules == null ? series.labels() : rules.apply(series.labels())));
        }
    }
}
