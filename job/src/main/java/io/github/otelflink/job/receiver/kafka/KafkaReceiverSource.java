package io.github.otelflink.job.receiver.kafka;

import io.github.otelflink.connectors.OtlpMetricsTypeInfo;
import io.github.otelflink.connectors.kafka.KafkaOtlpSource;
import io.github.otelflink.connectors.kafka.KafkaOtlpSourceOptions;
import io.github.otelflink.connectors.kafka.KafkaWatermarks;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The {@code kafka} receiver on the connectors' Kafka source. */
public final class KafkaReceiverSource {

    private KafkaReceiverSource() {}

    /** The receiver's stream, its event time the records' Kafka timestamps per partition ({@link KafkaWatermarks}). */
    public static DataStream<ExportMetricsServiceRequest> create(StreamExecutionEnvironment env, KafkaReceiverConfig c) {
        return env.fromSource(KafkaOtlpSource.create(options(c)), KafkaWatermarks.strategy(),
                        c.id().toString(), OtlpMetricsTypeInfo.INSTANCE)
                .uid("receiver/" + c.id());
    }

    static KafkaOtlpSourceOptions options(KafkaReceiverConfig c) {
        KafkaOtlpSourceOptions.Builder b = KafkaOtlpSourceOptions.builder()
                .brokers(c.brokers())
                .topic(c.topic())
                .encoding(KafkaOtlpSourceOptions.Encoding.valueOf(c.encoding().name()))
                .groupId(c.groupId())
                .clientId(c.clientId())
                .initialOffset(KafkaOtlpSourceOptions.InitialOffset.valueOf(c.initialOffset().name()))
                // As the OTLP ingress: the job's processors, translator and debug exporter read undecoded requests.
                .passUndecoded(true);
        KafkaClientAuth auth = new KafkaClientAuth(c.sasl(), c.tls());
        if (auth.sasl() != null) {
            b.sasl(auth.connectorSasl());
        }
        if (auth.tls() != null) {
            b.tls(auth.connectorTls());
        }
        return b.build();
    }
}
