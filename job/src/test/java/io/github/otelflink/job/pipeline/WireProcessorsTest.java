package io.github.otelflink.job.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.connectors.RequestMetadata;
import io.github.otelflink.connectors.UndecodedRequest;
import io.github.otelflink.connectors.decode.OtlpMetricsValidator;
import io.github.otelflink.job.config.Pipeline;
import io.github.otelflink.job.config.PipelineConfig;
import io.github.otelflink.job.config.PipelineConfigLoader;
import io.github.otelflink.job.config.TestConfigs;
import io.github.otelflink.job.exporter.prometheusremotewrite.translate.DropReason;
import io.github.otelflink.job.exporter.prometheusremotewrite.translate.OtlpTranslator;
import io.github.otelflink.job.exporter.prometheusremotewrite.translate.TranslationConfig;
import io.github.otelflink.job.exporter.prometheusremotewrite.translate.WireRequestTranslatorTest;
import io.github.otelflink.job.processor.ProcessorConfig;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A pipeline's processors run on a request's bytes ({@link WireProcessors}) against the reference:
 * the request decoded, processed by the {@link ProcessorChain} and translated from its objects.
 * Random gauge and sum requests (attribute keys that repeat within a point, that collide once
 * sanitized, that the processors set; several resources; client metadata) must give the same
 * series in the same order, under the processors of each shape the wire path takes and under the
 * blueprint's own ({@code config/blueprint.yaml}).
 */
class WireProcessorsTest {
    /** Every action kind of the resource processor, from_context included; transform groups of the resource context. */
    private static final String RESOURCE_EDITS = """
            resource:
              attributes:
              - {key: host, action: delete}
              - {key: service.name, value: svc, action: insert}
              - {key: job, value: "updated", action: update}
              - {key: tenant, from_context: x-tenant, action: upsert}
              - {key: a.b, from_attribute: service.namespace, action: upsert}
            transform:
              metric_statements:
              - context: resource
                statements:
                - set(attributes["service.instance.id"], "i-" + attributes["k-dash"])
                - delete_key(attributes, "le")
            """;

    /** Metric groups on name, description and unit; point sets on keys the requests have, twice, of other types. */
    private static final String METRIC_AND_POINT_EDITS = """
            transform:
              error_mode: ignore
              metric_statements:
              - context: metric
                conditions:
                - unit == "ms" or description != ""
                statements:
                - replace_pattern(name, "\\\\.", "_dot_")
                - set(description, Concat([description, unit], "/"))
                - set(unit, "s") where unit == "ms"
              - context: datapoint
                statements:
                - set(attributes["host"], "h1")
                - set(attributes["a.b"], 5)
                - set(datapoint.attributes["le"], true)
                - set(attributes["host"], "h2")
                - set(attributes["joined"], "a" + "b")
              - context: metric
                statements:
                - set(metric.name, metric.name + "_total") where name == "requests"
            """;

    /** The blueprint users run (its config as the project keeps it), whose exporters include a basic debug. */
    private static Pipeline blueprint() {
        return TestConfigs.load("blueprint.yaml").pipelines().get(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {RESOURCE_EDITS, METRIC_AND_POINT_EDITS})
    void bytesProcessedAsDecodedRequestsAre(String processors) {
        assertSameSeries(processors(processors));
    }

    @Test
    void theBlueprintsProcessorsRunOnTheBytesAsDecoded() {
        assertThat(PipelineGraph.processorsOnWire(blueprint())).isTrue();
        assertSameSeries(blueprint().processors());
    }

    private static void assertSameSeries(List<ProcessorConfig> configs) {
        ProcessorChain chain = ProcessorChain.compile(configs);
        WireProcessors wire = WireProcessors.compile(configs);
        assertThat(wire).isNotNull();
        for (TranslationConfig config : List.of(TranslationConfig.defaults(),
                TranslationConfig.defaults().withResourceToTelemetryConversion(true))) {
            OtlpTranslator objects = new OtlpTranslator(config);
            OtlpTranslator bytes = new OtlpTranslator(config);
            for (int seed = 0; seed < 300; seed++) {
                ExportMetricsServiceRequest plain = WireRequestTranslatorTest.randomRequest(new Random(seed));
                byte[] body = plain.toByteArray();
                ExportMetricsServiceRequest undecoded = UndecodedRequest.wrap(body, OtlpMetricsValidator.countDataPoints(plain));
                if (seed % 2 == 0) {
                    undecoded = RequestMetadata.replace(undecoded, Map.of("x-tenant", List.of("t" + seed)));
                }
                List<String> expected = new ArrayList<>();
                for (ResourceMetrics rm : chain.apply(UndecodedRequest.decoded(undecoded)).getResourceMetricsList()) {
                    objects.translate(rm, (series, delta) -> expected.add(text(series, delta)));
                }
                List<String> actual = new ArrayList<>();
                wire.beginRequest(undecoded);
                bytes.translate(body, 0, body.length, (series, delta) -> actual.add(text(series, delta)), wire);
                assertThat(actual).as("seed %d", seed).isEqualTo(expected);
                for (DropReason reason : DropReason.values()) {
                    assertThat(bytes.dropped(reason)).as("%s after seed %d", reason, seed).isEqualTo(objects.dropped(reason));
                }
            }
        }
    }

    @Test
    void processorsThatNeedTheDecodedRequestAreLeftToTheChain() {
        for (String processors : List.of(
                "filter:\n  metrics:\n    include: {match_type: strict, metric_names: [requests]}\n",
                "transform:\n  metric_statements:\n  - context: scope\n    statements: ['set(attributes[\"x\"], \"y\")']\n",
                "transform:\n  metric_statements:\n  - context: metric\n    statements: ['set(description, \"sum\") where type == METRIC_DATA_TYPE_SUM']\n",
                "transform:\n  metric_statements:\n  - context: metric\n    statements: ['set(name, resource.attributes[\"job\"])']\n",
                "transform:\n  metric_statements:\n  - context: datapoint\n    statements: ['set(attributes[\"x\"], \"y\") where attributes[\"host\"] == \"a\"']\n",
                "transform:\n  metric_statements:\n  - context: datapoint\n    conditions: ['metric.name == \"requests\"']\n    statements: ['set(attributes[\"x\"], \"y\")']\n",
                "transform:\n  metric_statements:\n  - context: datapoint\n    statements: ['set(attributes[\"x\"], attributes[\"host\"])']\n",
                "transform:\n  metric_statements:\n  - context: datapoint\n    statements: ['delete_key(attributes, \"host\")']\n",
                "transform:\n  metric_statements:\n  - context: datapoint\n    statements: ['set(resource.attributes[\"x\"], \"y\")']\n",
                "batch: {}\n")) {
            assertThat(WireProcessors.compile(processors(processors))).as(processors).isNull();
        }
    }

    @Test
    void moreSetAttributesThanTheTranslatorTracksAreLeftToTheChain() {
        StringBuilder statements = new StringBuilder();
        for (int i = 0; i < 65; i++) {
            statements.append("    - set(attributes[\"k").append(i).append("\"], \"v\")\n");
        }
        String processors = "transform:\n  metric_statements:\n  - context: datapoint\n    statements:\n" + statements;
        assertThat(WireProcessors.compile(processors(processors))).isNull();
        String fewer = processors.substring(0, processors.lastIndexOf("    - set("));
        assertThat(WireProcessors.compile(processors(fewer))).isNotNull();
    }

    @Test
    void onlyPipelinesWhoseExportersNeedNoProcessedRequestProcessOnTheWire() {
        assertThat(PipelineGraph.processorsOnWire(pipeline(METRIC_AND_POINT_EDITS, "prometheusremotewrite"))).isTrue();
        // A basic debug exporter only counts, which these processors never change; a detailed one prints them.
        assertThat(PipelineGraph.processorsOnWire(pipeline(METRIC_AND_POINT_EDITS, "prometheusremotewrite, debug"))).isTrue();
        assertThat(PipelineGraph.processorsOnWire(pipeline(METRIC_AND_POINT_EDITS, "prometheusremotewrite, debug/detailed"))).isFalse();
        assertThat(PipelineGraph.processorsOnWire(pipeline("batch: {}\n", "prometheusremotewrite"))).isFalse();
    }

    private static List<ProcessorConfig> processors(String processors) {
        return pipeline(processors, "prometheusremotewrite").processors();
    }

    private static Pipeline pipeline(String processors, String exporters) {
        StringBuilder names = new StringBuilder();
        for (String line : processors.split("\n")) {
            if (!line.isEmpty() && !line.startsWith(" ")) {
                names.append(names.length() == 0 ? "" : ", ").append(line.substring(0, line.indexOf(':')));
            }
        }
        PipelineConfig config = PipelineConfigLoader.load("""
                receivers:
                  otlp:
                    protocols: {http: {endpoint: "127.0.0.1:0"}}
                processors:
                %s
                exporters:
                  prometheusremotewrite:
                    endpoint: http://127.0.0.1:9090/api/v1/write
                  debug: {verbosity: basic}
                  debug/detailed: {verbosity: detailed}
                service:
                  pipelines:
                    metrics:
                      receivers: [otlp]
                      processors: [%s]
                      exporters: [%s]
                """.formatted(processors.indent(2), names, exporters), Map.of());
        return config.pipelines().get(0);
    }

    private static String text(TimeSeries series, boolean delta) {
        StringBuilder sb = new StringBuilder().append(series.labels()).append(delta ? " delta" : "");
        for (int i = 0; i < series.sampleCount(); i++) {
            sb.append(' ').append(series.timestamp(i)).append('=').append(Double.doubleToRawLongBits(series.value(i)))
                    .append(" start=").append(series.startTimestamp(i));
        }
        return sb.toString();
    }
}
