package io.github.otelflink.job.pipeline;

import io.github.otelflink.connectors.OtlpMetricsTypeInfo;
import io.github.otelflink.connectors.kafka.KafkaOtlpSource;
import io.github.otelflink.connectors.kafka.KafkaOtlpSourceOptions;
import io.github.otelflink.connectors.kafka.KafkaWatermarks;
import io.github.otelflink.connectors.otlp.AckMode;
import io.github.otelflink.connectors.otlp.BearerTokenAuth;
import io.github.otelflink.connectors.otlp.OtlpIngressOptions;
import io.github.otelflink.connectors.otlp.OtlpIngressSource;
import io.github.otelflink.connectors.otlp.TlsServerOptions;
import io.github.otelflink.connectors.scrape.ScrapeOptions;
import io.github.otelflink.connectors.scrape.ScrapeSource;
import io.github.otelflink.connectors.scrape.ScrapeTarget;
import io.github.otelflink.job.config.HealthCheckExtensionConfig;
import io.github.otelflink.job.config.PipelineConfig;
import io.github.otelflink.job.config.TlsServerConfig;
import io.github.otelflink.job.config.receiver.KafkaReceiverConfig;
import io.github.otelflink.job.config.receiver.OtlpReceiverConfig;
import io.github.otelflink.job.config.receiver.PrometheusReceiverConfig;
import io.github.otelflink.job.config.receiver.ReceiverConfig;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import javax.annotation.Nullable;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** The job's receivers, built on the {@code connectors} module's sources. */
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
     * watermarks from the reader ({@code ArrivalClock}), so their strategy here adds none; Kafka
     * uses the records' Kafka timestamps per partition ({@link KafkaWatermarks}).
     */
    @Override
    public DataStream<ExportMetricsServiceRequest> create(StreamExecutionEnvironment env, ReceiverConfig receiver) {
        if (receiver instanceof OtlpReceiverConfig otlp) {
            return env.fromSource(new OtlpIngressSource(otlpOptions(otlp, healthCheck)), WatermarkStrategy.noWatermarks(),
                            receiver.id().toString(), OtlpMetricsTypeInfo.INSTANCE)
                    .uid("receiver/" + receiver.id());
        }
        if (receiver instanceof PrometheusReceiverConfig prometheus) {
            return env.fromSource(new ScrapeSource(scrapeOptions(prometheus)), WatermarkStrategy.noWatermarks(),
                            receiver.id().toString(), OtlpMetricsTypeInfo.INSTANCE)
                    .uid("receiver/" + receiver.id());
        }
        // ReceiverConfig is sealed: Kafka is the one kind left.
        KafkaReceiverConfig kafka = (KafkaReceiverConfig) receiver;
        return env.fromSource(KafkaOtlpSource.create(kafkaOptions(kafka)), KafkaWatermarks.strategy(),
                        receiver.id().toString(), OtlpMetricsTypeInfo.INSTANCE)
                .uid("receiver/" + receiver.id());
    }

    static OtlpIngressOptions otlpOptions(OtlpReceiverConfig c, @Nullable HealthCheckExtensionConfig healthCheck) {
        OtlpIngressOptions.Builder b = OtlpIngressOptions.builder()
                .ack(c.ack() == OtlpReceiverConfig.Ack.CHECKPOINT ? AckMode.CHECKPOINT : AckMode.ACCEPTED)
                .healthCheckEndpoint(healthCheck == null ? null : healthCheck.endpoint(),
                        healthCheck == null ? null : healthCheck.path());
        b.grpc(c.grpc() == null ? null : new OtlpIngressOptions.Grpc(c.grpc().endpoint(), c.grpc().maxRecvMsgSizeMib(),
                tls(c.grpc().tls()), auth(c.grpc().auth())));
        b.http(c.http() == null ? null : new OtlpIngressOptions.Http(c.http().endpoint(), c.http().maxRequestBodySize(),
                tls(c.http().tls()), auth(c.http().auth()), OtlpIngressOptions.DEFAULT_METRICS_URL_PATH));
        return b.build();
    }

    @Nullable
    private static TlsServerOptions tls(@Nullable TlsServerConfig t) {
        return t == null ? null : new TlsServerOptions(t.certFile(), t.keyFile(), t.clientCaFile(), t.minVersion());
    }

    @Nullable
    private static BearerTokenAuth auth(@Nullable OtlpReceiverConfig.BearerTokenAuth a) {
        return a == null ? null : new BearerTokenAuth(a.token(), a.tokenFile());
    }

    /**
     * Static targets of a {@code prometheus} receiver. Its {@code metric_relabel_configs} are
     * applied after translation ({@link ScrapeRelabels}).
     */
    static ScrapeOptions scrapeOptions(PrometheusReceiverConfig c) {
        List<ScrapeTarget> targets = new ArrayList<>();
        for (PrometheusReceiverConfig.ScrapeConfig sc : c.scrapeConfigs()) {
            for (PrometheusReceiverConfig.StaticConfig st : sc.staticConfigs()) {
                for (String target : st.targets()) {
                    targets.add(new ScrapeTarget(sc.jobName(), URI.create(sc.scheme() + "://" + target + sc.metricsPath()),
                            sc.scrapeInterval(), sc.scrapeTimeout(), sc.honorLabels(), st.labels()));
                }
            }
        }
        return new ScrapeOptions(targets);
    }

    static KafkaOtlpSourceOptions kafkaOptions(KafkaReceiverConfig c) {
        KafkaOtlpSourceOptions.Builder b = KafkaOtlpSourceOptions.builder()
                .brokers(c.brokers())
                .topic(c.topic())
                .encoding(KafkaOtlpSourceOptions.Encoding.valueOf(c.encoding().name()))
                .groupId(c.groupId())
                .clientId(c.clientId())
                .initialOffset(KafkaOtlpSourceOptions.InitialOffset.valueOf(c.initialOffset().name()));
        if (c.sasl() != null) {
            b.sasl(KafkaOtlpSourceOptions.SaslMechanism.valueOf(c.sasl().mechanism().name()),
                    c.sasl().username(), c.sasl().password());
        }
        if (c.tls() != null) {
            b.tls(new KafkaOtlpSourceOptions.Tls(c.tls().caFile(), c.tls().certFile(), c.tls().keyFile(),
                    c.tls().insecureSkipVerify()));
        }
        return b.build();
    }
}
