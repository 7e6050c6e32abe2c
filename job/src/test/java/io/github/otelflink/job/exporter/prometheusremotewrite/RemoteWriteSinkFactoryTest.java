package io.github.otelflink.job.exporter.prometheusremotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.job.config.PipelineConfigLoader;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.RemoteWriteQueue;
import io.github.otelflink.sink.remotewrite.TenantRouting;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** {@code remote_write_queue} maps onto the sink: consumers are lanes, {@code queue_size} bounds buffered samples. */
class RemoteWriteSinkFactoryTest {
    @Test
    void queueSizeBoundsBufferedSamplesButLeavesRoomForTwoBatchesPerConsumer() {
        assertThat(RemoteWriteSinkFactory.bufferedSamples(new RemoteWriteQueue(true, 50_000, 4), 2000)).isEqualTo(50_000);
        assertThat(RemoteWriteSinkFactory.bufferedSamples(new RemoteWriteQueue(true, 10_000, 20), 2000)).isEqualTo(80_000);
        assertThat(RemoteWriteSinkFactory.bufferedSamples(new RemoteWriteQueue(true, 10_000, 1), 8192)).isEqualTo(16_384);
    }

    @Test
    void tenantBlockBecomesTheSinksTenantRoutingAndIsOffWithoutIt() {
        String yaml = """
                receivers:
                  otlp:
                    protocols:
                      grpc:
                exporters:
                  prometheusremotewrite:
                    endpoint: http://127.0.0.1:9090/api/v1/write
                    tenant:
                      resource_attribute: tenant.id
                      header: X-Org
                      default: nobody
                      max_tenants: 7
                  prometheusremotewrite/plain:
                    endpoint: http://127.0.0.1:9090/api/v1/write
                service:
                  pipelines:
                    metrics:
                      receivers: [otlp]
                      exporters: [prometheusremotewrite, prometheusremotewrite/plain]
                """;
        var config = PipelineConfigLoader.load(yaml, Map.of());
        var routed = config.exporter("prometheusremotewrite", PrometheusRemoteWriteExporterConfig.class);
        assertThat(RemoteWriteSinkFactory.create(routed, null).config().tenantRouting())
                .isEqualTo(new TenantRouting("__tenant_id__", "X-Org", "nobody", 7));
        var plain = config.exporter("prometheusremotewrite/plain", PrometheusRemoteWriteExporterConfig.class);
        assertThat(plain.tenant()).isNull();
        assertThat(RemoteWriteSinkFactory.create(plain, null).config().tenantRouting()).isNull();
        // Without routing the tenant label is still never sent: series restored from a savepoint
        // taken with routing on carry it.
        assertThat(RemoteWriteSinkFactory.create(plain, null).config().unsentLabel()).isEqualTo("__tenant_id__");
        assertThat(RemoteWriteSinkFactory.create(routed, null).config().unsentLabel()).isEqualTo("__tenant_id__");
    }
}
