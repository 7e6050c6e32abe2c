package io.github.otelflink.job.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.job.pdata.GoRegex;
import io.github.otelflink.job.processor.ErrorMode;
import io.github.otelflink.job.processor.batch.BatchProcessorConfig;
import io.github.otelflink.job.processor.filter.FilterProcessorConfig.MatchType;
import io.github.otelflink.job.processor.filter.FilterProcessorConfig;
import io.github.otelflink.job.processor.memorylimiter.MemoryLimiterProcessorConfig;
import io.github.otelflink.job.processor.resource.AttributeAction.Action;
import io.github.otelflink.job.processor.resource.AttributeAction.ConvertedType;
import io.github.otelflink.job.processor.resource.AttributeAction;
import io.github.otelflink.job.processor.resource.ResourceProcessorConfig;
import io.github.otelflink.job.processor.transform.StatementGroup.OttlContext;
import io.github.otelflink.job.processor.transform.StatementGroup;
import io.github.otelflink.job.processor.transform.TransformProcessorConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Processor keys the blueprint does not use. */
class ProcessorConfigTest {

    private static PipelineConfig withProcessors(String processors, String ids) {
        return TestConfigs.loadText(TestConfigs.MINIMAL.replace("exporters:\n", "processors:\n" + processors + "exporters:\n")
                .replace("      exporters: [prometheusremotewrite]", "      processors: " + ids
                        + "\n      exporters: [prometheusremotewrite]"));
    }

    @Test
    void batchAndMemoryLimiter() {
        PipelineConfig config = withProcessors("""
                  batch/big:
                    timeout: 1m30s
                    send_batch_size: 10000
                    send_batch_max_size: 20000
                  memory_limiter:
                    check_interval: 500ms
                    limit_mib: 4000
                    spike_limit_mib: 800
                """, "[memory_limiter, batch/big]");
        assertThat(config.processor("batch/big", BatchProcessorConfig.class)).isEqualTo(new BatchProcessorConfig(
                new ComponentId("batch", "big"), Duration.ofSeconds(90), 10_000, 20_000));
        assertThat(config.processor("memory_limiter", MemoryLimiterProcessorConfig.class)).isEqualTo(
                new MemoryLimiterProcessorConfig(ComponentId.of("memory_limiter"), Duration.ofMillis(500), 4000, 800, 0, 0));
    }

    @Test
    void everyResourceAction() {
        ResourceProcessorConfig resource = withProcessors("""
                  resource:
                    attributes:
                    - {key: region, value: eu-west-1, action: insert}
                    - {key: replicas, value: 3, action: update}
                    - {key: ratio, value: 0.5, action: UPSERT}
                    - {key: sampled, value: true, action: upsert}
                    - {key: host.id, from_attribute: host.name, action: upsert}
                    - {key: tenant, from_context: metadata.x-tenant, action: insert}
                    - {key: secret, action: delete}
                    - {pattern: "^tmp\\\\.", action: delete}
                    - {key: user.email, action: hash}
                    - {key: url, pattern: "^(?P<scheme>[a-z]+)://(?P<host_name>[^/]+)", action: extract}
                    - {key: port, converted_type: int, action: convert}
                """, "[resource]").processor("resource", ResourceProcessorConfig.class);
        assertThat(resource.attributes()).containsExactly(
                new AttributeAction("region", "eu-west-1", null, null, null, null, Action.INSERT),
                new AttributeAction("replicas", 3L, null, null, null, null, Action.UPDATE),
                new AttributeAction("ratio", 0.5, null, null, null, null, Action.UPSERT),
                new AttributeAction("sampled", true, null, null, null, null, Action.UPSERT),
                new AttributeAction("host.id", null, "host.name", null, null, null, Action.UPSERT),
                new AttributeAction("tenant", null, null, "metadata.x-tenant", null, null, Action.INSERT),
                new AttributeAction("secret", null, null, null, null, null, Action.DELETE),
                new AttributeAction(null, null, null, null, GoRegex.compile("^tmp\\."), null, Action.DELETE),
                new AttributeAction("user.email", null, null, null, null, null, Action.HASH),
                new AttributeAction("url", null, null, null,
                        GoRegex.compile("^(?P<scheme>[a-z]+)://(?P<host_name>[^/]+)"), null, Action.EXTRACT),
                new AttributeAction("port", null, null, null, null, ConvertedType.INT, Action.CONVERT));
        GoRegex extract = resource.attributes().get(9).pattern();
        assertThat(extract.groupNames()).containsExactly("scheme", "host_name");
        assertThat(extract.groupIndex("host_name")).isEqualTo(2);
        assertThat(resource.describe()).startsWith("insert region=\"eu-west-1\", update replicas=3, upsert ratio=0.5");
    }

    @Test
    void transformPlainStatementsAndGroups() {
        TransformProcessorConfig transform = withProcessors("""
                  transform:
                    error_mode: ignore
                    metric_statements:
                    - set(resource.attributes["k8s.cluster"], "demo")
                    - context: datapoint
                      conditions:
                      - metric.type == METRIC_DATA_TYPE_SUM
                      statements:
                      - set(attributes["source"], "opentelemetry")
                      error_mode: silent
                """, "[transform]").processor("transform", TransformProcessorConfig.class);
        assertThat(transform.errorMode()).isEqualTo(ErrorMode.IGNORE);
        assertThat(transform.metricStatements()).containsExactly(
                new StatementGroup(null, List.of("set(resource.attributes[\"k8s.cluster\"], \"demo\")"), List.of(), null),
                new StatementGroup(OttlContext.DATAPOINT, List.of("set(attributes[\"source\"], \"opentelemetry\")"),
                        List.of("metric.type == METRIC_DATA_TYPE_SUM"), ErrorMode.SILENT));
    }

    @Test
    void filterByNamesAndByConditions() {
        PipelineConfig config = withProcessors("""
                  filter/names:
                    metrics:
                      include:
                        match_type: strict
                        metric_names: [http_requests_total, cpu_usage]
                      exclude:
                        match_type: regexp
                        metric_names: [".*_debug$"]
                  filter/ottl:
                    metrics:
                      metric:
                      - 'name == "noisy"'
                      datapoint:
                      - 'attributes["env"] == "dev"'
                """, "[filter/names, filter/ottl]");
        FilterProcessorConfig names = config.processor("filter/names", FilterProcessorConfig.class);
        assertThat(names.include().matchType()).isEqualTo(MatchType.STRICT);
        assertThat(names.include().matches("cpu_usage")).isTrue();
        assertThat(names.include().matches("cpu_usage_total")).isFalse();
        assertThat(names.exclude().matches("cache_debug")).isTrue();
        assertThat(names.exclude().matches("cache_debug_total")).isFalse();
        FilterProcessorConfig ottl = config.processor("filter/ottl", FilterProcessorConfig.class);
        assertThat(ottl.metricConditions()).containsExactly("name == \"noisy\"");
        assertThat(ottl.datapointConditions()).containsExactly("attributes[\"env\"] == \"dev\"");
    }
}
