package io.github.otelflink.job.receiver.otlp;

import io.github.otelflink.connectors.OtlpMetricsTypeInfo;
import io.github.otelflink.connectors.otlp.AckMode;
import io.github.otelflink.connectors.otlp.BearerTokenAuth;
import io.github.otelflink.connectors.otlp.OtlpIngressOptions;
import io.github.otelflink.connectors.otlp.OtlpIngressSource;
import io.github.otelflink.connectors.otlp.TlsServerOptions;
import io.github.otelflink.job.config.TlsServerConfig;
import io.github.otelflink.job.extension.healthcheck.HealthCheckExtensionConfig;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.Set;
import javax.annotation.Nullable;

/** The {@code otlp} receiver on the connectors' OTLP ingress, which also serves the health check. */
public final class OtlpReceiverSource {

    private OtlpReceiverSource() {}

    /**
     * The receiver's stream. The ingress stamps arrival times and emits its watermarks from the
     * reader ({@code ArrivalClock}), so the strategy here adds none.
     */
    public static DataStream<ExportMetricsServiceRequest> create(
            StreamExecutionEnvironment env, OtlpReceiverConfig c, @Nullable HealthCheckExtensionConfig healthCheck) {
        return env.fromSource(new OtlpIngressSource(options(c, healthCheck)), WatermarkStrategy.noWatermarks(),
                        c.id().toString(), OtlpMetricsTypeInfo.INSTANCE)
                .uid("receiver/" + c.id());
    }

    static OtlpIngressOptions options(OtlpReceiverConfig c, @Nullable HealthCheckExtensionConfig healthCheck) {
        OtlpIngressOptions.Builder b = OtlpIngressOptions.builder()
                .ack(c.ack() == OtlpReceiverConfig.Ack.CHECKPOINT ? AckMode.CHECKPOINT : AckMode.ACCEPTED)
                .healthCheckEndpoint(healthCheck == null ? null : healthCheck.endpoint(),
                        healthCheck == null ? null : healthCheck.path())
                // Every operator of the job that reads requests takes undecoded ones (processors,
                // translator, debug exporter): a body is decoded only where objects are needed.
                .passUndecoded(true);
        b.grpc(c.grpc() == null ? null : new OtlpIngressOptions.Grpc(c.grpc().endpoint(), c.grpc().maxRecvMsgSizeMib(),
                tls(c.grpc().tls()), auth(c.grpc().auth()), c.grpc().includeMetadata() ? c.metadataKeys() : Set.of()));
        b.http(c.http() == null ? null : new OtlpIngressOptions.Http(c.http().endpoint(), c.http().maxRequestBodySize(),
                tls(c.http().tls()), auth(c.http().auth()), OtlpIngressOptions.DEFAULT_METRICS_URL_PATH,
                c.http().includeMetadata() ? c.metadataKeys() : Set.of()));
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
}
