package io.github.otelflink.job.receiver.prometheus;

import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.config.ConfigException;
import io.github.otelflink.job.config.PipelineConfig;
import io.github.otelflink.job.config.PipelineConfigLoader;
import io.github.otelflink.sink.remotewrite.model.Labels;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A prometheus receiver's metric_relabel_configs apply to the series of their own scrape job only. */
class ScrapeRelabelsTest {
    private static PipelineConfig config(String relabels) {
        return PipelineConfigLoader.load("""
                receivers:
                  prometheus:
                    config:
                      scrape_configs:
                      - job_name: app
                        static_configs:
                        - targets: ["127.0.0.1:9100"]
                        metric_relabel_configs:
                %s
                      - job_name: other
                        static_configs:
                        - targets: ["127.0.0.1:9101"]
                exporters:
                  prometheusremotewrite:
                    endpoint: http://127.0.0.1:9090/api/v1/write
                service:
                  pipelines:
                    metrics:
                      receivers: [prometheus]
                      exporters: [prometheusremotewrite]
                """.formatted(relabels.indent(8)), Map.of());
    }

    @Test
    void appliesTheRulesOfTheSeriesOwnScrapeJob() {
        PipelineConfig config = config("""
                - source_labels: [__name__]
                  regex: go_.*
                  action: drop
                - target_label: team
                  replacement: payments
                """);
        ScrapeRelabels relabels = ScrapeRelabels.of(config.receivers().get(ComponentId.of("prometheus")));

        assertThat(relabels.apply(Labels.of("__name__", "go_goroutines", "job", "app"))).isNull();
        assertThat(relabels.apply(Labels.of("__name__", "http_requests_total", "job", "app")))
                .isEqualTo(Labels.of("__name__", "http_requests_total", "job", "app", "team", "payments"));
        Labels other = Labels.of("__name__", "go_goroutines", "job", "other");
        assertThat(relabels.apply(other)).isSameAs(other);
    }

    @Test
    void invalidRulesFailAtStartUpWithTheirPath() {
        assertThatThrownBy(() -> config("""
                - source_labels: [a]
                  action: hashmod
                  target_label: shard
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("receivers.prometheus.config.scrape_configs[0].metric_relabel_configs[0].modulus");
    }
}
