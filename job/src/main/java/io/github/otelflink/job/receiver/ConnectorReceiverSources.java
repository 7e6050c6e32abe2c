package io.github.otelflink.job.receiver;

import io.github.otelflink.job.config.PipelineConfig;
import io.github.otelflink.job.extension.healthcheck.HealthCheckExtensionConfig;
import io.github.otelflink.job.receiver.kafka.KafkaReceiverConfig;
import io.github.otelflink.job.receiver.kafka.KafkaReceiverSource;
import io.github.otelflink.job.receiver.otlp.OtlpReceiverConfig;
import io.github.otelflink.job.receiver.otlp.OtlpReceiverSource;
import io.github.otelflink.job.receiver.prometheus.PrometheusReceiverConfig;
import io.github.otelflink.job.receiver.prometheus.PrometheusReceiverSource;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import javax.annotation.Nullable;

/**
 * The job's receivers, built on the {@code connectors} module's sources: each kind's adapter is in
 * its own package ({@link OtlpReceiverSource}, {@link KafkaReceiverSource}, {@link
 * PrometheusReceiverSource}).
 */
public final class ConnectorReceiverSources implements ReceiverSources {
    @Nullable private final HealthCheckExtensionConfig healthCheck;

    /** @param config the job's config: its {@code health_check} extension goes with the OTLP ingress */
    public ConnectorReceiverSources(PipelineConfig config) {
        HealthCheckExtensionConfig h = config.extensions().values().stream().findFirst().orElse(null);
        this.healthCheck = h == null || !config.service().extensions().contains(h.id()) ? null : h;
    }

    /**
     * Every receiver gives its records an event time and watermarks, which the keyed series step
     * orders by: the OTLP ingress and the scrape receiver stamp arrival times and emit their
     * watermarks from the reader ({@code ArrivalClock}); Kafka uses the records' Kafka timestamps
     * per partition.
     */
    @Override
    public DataStream<ExportMetricsServiceRequest> create(StreamExecutionEnvironment env, ReceiverConfig receiver) {
        if (receiver instanceof OtlpReceiverConfig otlp) {
            return OtlpReceiverSource.create(env, otlp, healthCheck);
        }
        if (receiver instanceof PrometheusReceiverConfig prometheus) {
            return PrometheusReceiverSource.create(env, prometheus);
        }
        // Kafka is the one kind left (ReceiverParsers).
        return KafkaReceiverSource.create(env, (KafkaReceiverConfig) receiver);
    }
}
