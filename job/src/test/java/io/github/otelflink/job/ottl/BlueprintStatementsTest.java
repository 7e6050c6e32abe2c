package io.github.otelflink.job.ottl;

import static io.github.otelflink.job.ottl.Otlp.attrs;
import static io.github.otelflink.job.ottl.Otlp.counter;
import static io.github.otelflink.job.ottl.Otlp.gauge;
import static io.github.otelflink.job.ottl.Otlp.point;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.job.processor.ErrorMode;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The transform statements of the blueprint's step 4, verbatim, over a real request; and the
 * same with the standard OTTL forms.
 */
class BlueprintStatementsTest {

    /** Verbatim from seed/prometheus-remote-write-blueprint.md, processors.transform. */
    private static final String METRIC_STATEMENT =
            "set(name, \"otel_\" + name) where name matches \"^(http_requests|cpu_usage|memory_usage).*\"";
    private static final String SOURCE_STATEMENT = "set(attributes[\"source\"], \"opentelemetry\")";
    private static final String ENVIRONMENT_STATEMENT = "set(attributes[\"environment\"], \"demo\")";

    private static final String OFFICIAL_METRIC_STATEMENT =
            "set(name, Concat([\"otel_\", name], \"\")) where IsMatch(name, \"^(http_requests|cpu_usage|memory_usage).*\")";

    @Test
    void blueprintStatementsTransformARequest() {
        ExportMetricsServiceRequest.Builder request = request().toBuilder();

        transformer(METRIC_STATEMENT).apply(request);

        assertThat(request.build()).isEqualTo(expected());
    }

    @Test
    void officialOttlFormsGiveTheSameResult() {
        ExportMetricsServiceRequest.Builder request = request().toBuilder();

        transformer(OFFICIAL_METRIC_STATEMENT).apply(request);

        assertThat(request.build()).isEqualTo(expected());
    }

    @Test
    void onlyMatchingMetricsAreRenamedAndApplyingAgainChangesNothing() {
        ExportMetricsServiceRequest.Builder request = request().toBuilder();
        OttlTransformer transformer = transformer(METRIC_STATEMENT);
        transformer.apply(request);
        transformer.apply(request); // "otel_..." no longer matches "^(http_requests|...)"; set replaces attributes

        assertThat(request.getResourceMetrics(0).getScopeMetrics(0).getMetricsList())
                .extracting(m -> m.getName())
                .containsExactly("otel_http_requests_total", "otel_cpu_usage_percent", "orders_processed_total");
        assertThat(request.build()).isEqualTo(expected());
    }

    private static OttlTransformer transformer(String metricStatement) {
        return new OttlTransformer(List.of(
                new ContextStatements(OttlContext.METRIC, List.of(),
                        List.of(OttlStatement.compile(OttlContext.METRIC, metricStatement)), ErrorMode.PROPAGATE),
                new ContextStatements(OttlContext.DATAPOINT, List.of(),
                        List.of(OttlStatement.compile(OttlContext.DATAPOINT, SOURCE_STATEMENT),
                                OttlStatement.compile(OttlContext.DATAPOINT, ENVIRONMENT_STATEMENT)),
                        ErrorMode.PROPAGATE)));
    }

    private static ExportMetricsServiceRequest request() {
        ResourceMetrics rm = Otlp.resourceMetrics(attrs("service.name", "metrics-generator"),
                counter("http_requests_total",
                        point(10, "method", "GET", "status", "200"),
                        point(3, "method", "POST", "status", "500")),
                gauge("cpu_usage_percent", point(42.5, "cpu", "0")),
                counter("orders_processed_total", point(7)));
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(rm).build();
    }

    /** The request written out by hand as it must look afterwards. */
    private static ExportMetricsServiceRequest expected() {
        ResourceMetrics rm = Otlp.resourceMetrics(attrs("service.name", "metrics-generator"),
                counter("otel_http_requests_total",
                        point(10, "method", "GET", "status", "200", "source", "opentelemetry", "environment", "demo"),
                        point(3, "method", "POST", "status", "500", "source", "opentelemetry", "environment", "demo")),
                gauge("otel_cpu_usage_percent", point(42.5, "cpu", "0", "source", "opentelemetry", "environment", "demo")),
                counter("orders_processed_total", point(7, "source", "opentelemetry", "environment", "demo")));
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(rm).build();
    }
}
