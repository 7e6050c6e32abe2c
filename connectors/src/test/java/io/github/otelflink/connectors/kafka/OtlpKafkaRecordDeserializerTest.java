package io.github.otelflink.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otelflink.connectors.kafka.KafkaOtlpSourceOptions.Encoding;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.Collector;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

class OtlpKafkaRecordDeserializerTest {
    private final Map<String, Counter> counters = new HashMap<>();
    private final List<ExportMetricsServiceRequest> out = new ArrayList<>();
    private final Collector<ExportMetricsServiceRequest> collector = new Collector<>() {
        @Override
        public void collect(ExportMetricsServiceRequest record) {
            out.add(record);
        }

        @Override
        public void close() {}
    };

    @Test
    void decodesProtobufAndCountsDataPoints() {
        OtlpKafkaRecordDeserializer d = open(KafkaOtlpSourceOptions.defaults());

        d.deserialize(record(0, OtlpTestRequests.request(1).toByteArray()), collector);
        d.deserialize(record(1, OtlpTestRequests.request(2).toByteArray()), collector);

        assertThat(out).containsExactly(OtlpTestRequests.request(1), OtlpTestRequests.request(2));
        assertThat(counters.get(OtlpKafkaRecordDeserializer.ACCEPTED_POINTS).getCount())
                .isEqualTo(2L * OtlpTestRequests.POINTS_PER_REQUEST);
        assertThat(counters.get(OtlpKafkaRecordDeserializer.MALFORMED_RECORDS).getCount()).isZero();
        assertThat(d.getProducedType()).isEqualTo(io.github.otelflink.connectors.OtlpMetricsTypeInfo.INSTANCE);
    }

    @Test
    void aRecordCannotCarryClientMetadataToPickATenant() {
        OtlpKafkaRecordDeserializer d = open(KafkaOtlpSourceOptions.defaults());
        ExportMetricsServiceRequest forged = io.github.otelflink.connectors.RequestMetadata.replace(
                OtlpTestRequests.request(1), Map.of("x-scope-orgid", List.of("victim")));

        d.deserialize(record(0, forged.toByteArray()), collector);

        assertThat(out).containsExactly(OtlpTestRequests.request(1));
        assertThat(io.github.otelflink.connectors.RequestMetadata.present(out.get(0))).isFalse();
    }

    @Test
    void passesProtobufRecordsOnUndecodedWhenAsked() {
        OtlpKafkaRecordDeserializer d = open(KafkaOtlpSourceOptions.defaults().toBuilder().passUndecoded(true).build());
        ExportMetricsServiceRequest forged = io.github.otelflink.connectors.RequestMetadata.replace(
                OtlpTestRequests.request(2), Map.of("x-scope-orgid", List.of("victim")));

        d.deserialize(record(0, OtlpTestRequests.request(1).toByteArray()), collector);
        d.deserialize(record(1, forged.toByteArray()), collector);

        assertThat(io.github.otelflink.connectors.UndecodedRequest.isUndecoded(out.get(0))).isTrue();
        assertThat(io.github.otelflink.connectors.UndecodedRequest.decoded(out.get(0))).isEqualTo(OtlpTestRequests.request(1));
        // A record with an internal field is decoded, and the field removed.
        assertThat(out.get(1)).isEqualTo(OtlpTestRequests.request(2));
        assertThat(counters.get(OtlpKafkaRecordDeserializer.ACCEPTED_POINTS).getCount())
                .isEqualTo(2L * OtlpTestRequests.POINTS_PER_REQUEST);
    }

    @Test
    void decodesJson() {
        OtlpKafkaRecordDeserializer d = open(KafkaOtlpSourceOptions.builder().encoding(Encoding.OTLP_JSON).build());

        d.deserialize(record(0, OtlpTestRequests.json(7)), collector);

        assertThat(out).containsExactly(OtlpTestRequests.request(7));
    }

    @Test
    void malformedRecordsAreCountedAndSkippedNeverThrown() {
        OtlpKafkaRecordDeserializer d = open(KafkaOtlpSourceOptions.defaults());

        d.deserialize(record(0, OtlpTestRequests.malformedProtobuf()), collector);
        d.deserialize(record(1, null), collector);
        d.deserialize(record(2, OtlpTestRequests.json(1)), collector); // JSON in a protobuf topic
        d.deserialize(record(3, OtlpTestRequests.request(3).toByteArray()), collector);

        assertThat(out).containsExactly(OtlpTestRequests.request(3));
        assertThat(counters.get(OtlpKafkaRecordDeserializer.MALFORMED_RECORDS).getCount()).isEqualTo(3);
        assertThat(counters.get(OtlpKafkaRecordDeserializer.ACCEPTED_POINTS).getCount())
                .isEqualTo(OtlpTestRequests.POINTS_PER_REQUEST);
    }

    @Test
    void emptyRequestsAreNotEmitted() {
        OtlpKafkaRecordDeserializer d = open(KafkaOtlpSourceOptions.defaults());

        d.deserialize(record(0, new byte[0]), collector);

        assertThat(out).isEmpty();
        assertThat(counters.get(OtlpKafkaRecordDeserializer.MALFORMED_RECORDS).getCount()).isZero();
    }

    @Test
    void worksWithoutOpen() {
        OtlpKafkaRecordDeserializer d = new OtlpKafkaRecordDeserializer(KafkaOtlpSourceOptions.defaults());
        d.deserialize(record(0, OtlpTestRequests.malformedProtobuf()), collector);
        d.deserialize(record(1, OtlpTestRequests.request(1).toByteArray()), collector);
        assertThat(out).hasSize(1);
    }

    @Test
    void malformedRecordGoesToTheDeadLetterTopicWithTheError() {
        OtlpKafkaRecordDeserializer d = open(KafkaOtlpSourceOptions.builder().deadLetterTopic("dlq").build());
        MockProducer<byte[], byte[]> producer = mockProducer();
        d.useDeadLetterWriter(new DeadLetterWriter("dlq", producer));
        byte[] bad = OtlpTestRequests.malformedProtobuf();
        ConsumerRecord<byte[], byte[]> record = record(41, bad);
        record.headers().add("traceparent", "x".getBytes(StandardCharsets.UTF_8));

        d.deserialize(record, collector);

        assertThat(out).isEmpty();
        assertThat(producer.history()).hasSize(1);
        ProducerRecord<byte[], byte[]> sent = producer.history().get(0);
        assertThat(sent.topic()).isEqualTo("dlq");
        assertThat(sent.value()).isEqualTo(bad);
        assertThat(new String(sent.key(), StandardCharsets.UTF_8)).isEqualTo("otlp_metrics/0/41");
        assertThat(header(sent, "traceparent")).isEqualTo("x");
        assertThat(header(sent, DeadLetterWriter.HEADER_ERROR)).startsWith("invalid protobuf ExportMetricsServiceRequest");
        assertThat(header(sent, DeadLetterWriter.HEADER_ENCODING)).isEqualTo("otlp_proto");
        assertThat(header(sent, DeadLetterWriter.HEADER_TOPIC)).isEqualTo("otlp_metrics");
        assertThat(header(sent, DeadLetterWriter.HEADER_PARTITION)).isEqualTo("0");
        assertThat(header(sent, DeadLetterWriter.HEADER_OFFSET)).isEqualTo("41");
        assertThat(counters.get(OtlpKafkaRecordDeserializer.MALFORMED_RECORDS).getCount()).isEqualTo(1);
        assertThat(counters.get(OtlpKafkaRecordDeserializer.DEAD_LETTERED_RECORDS).getCount()).isEqualTo(1);
    }

    @Test
    void unwritableDeadLetterTopicIsCountedAndBacksOffWithoutStallingTheReader() {
        OtlpKafkaRecordDeserializer d = open(KafkaOtlpSourceOptions.builder().deadLetterTopic("dlq").build());
        MockProducer<byte[], byte[]> producer = mockProducer();
        producer.sendException = new org.apache.kafka.common.errors.TopicAuthorizationException("denied");
        d.useDeadLetterWriter(new DeadLetterWriter("dlq", producer));

        d.deserialize(record(0, OtlpTestRequests.malformedProtobuf()), collector);
        producer.sendException = null;
        d.deserialize(record(1, OtlpTestRequests.malformedProtobuf()), collector); // within the back-off: not tried
        d.deserialize(record(2, OtlpTestRequests.request(2).toByteArray()), collector);

        assertThat(out).containsExactly(OtlpTestRequests.request(2));
        assertThat(producer.history()).isEmpty();
        assertThat(counters.get(OtlpKafkaRecordDeserializer.MALFORMED_RECORDS).getCount()).isEqualTo(2);
        assertThat(counters.get(OtlpKafkaRecordDeserializer.DEAD_LETTER_FAILED_RECORDS).getCount()).isEqualTo(2);
        assertThat(counters.get(OtlpKafkaRecordDeserializer.DEAD_LETTERED_RECORDS).getCount()).isZero();
    }

    @Test
    void deadLetterWriterReportsFailures() {
        MockProducer<byte[], byte[]> producer = mockProducer();
        producer.sendException = new org.apache.kafka.common.errors.TimeoutException("no broker");
        DeadLetterWriter writer = new DeadLetterWriter("dlq", producer);
        assertThatThrownBy(() -> writer.write(record(0, new byte[] {1}), "otlp_proto", "bad"))
                .isInstanceOf(DeadLetterWriter.DeadLetterException.class)
                .hasMessageContaining("cannot write to dead-letter topic 'dlq'")
                .hasMessageContaining("no broker");
        writer.close();
        assertThat(producer.closed()).isTrue();
    }

    private OtlpKafkaRecordDeserializer open(KafkaOtlpSourceOptions options) {
        OtlpKafkaRecordDeserializer d = new OtlpKafkaRecordDeserializer(options);
        MetricGroup group = new UnregisteredMetricsGroup() {
            @Override
            public Counter counter(String name) {
                Counter c = super.counter(name);
                counters.put(name, c);
                return c;
            }
        };
        d.open(new DeserializationSchema.InitializationContext() {
            @Override
            public MetricGroup getMetricGroup() {
                return group;
            }

            @Override
            public UserCodeClassLoader getUserCodeClassLoader() {
                return SimpleUserCodeClassLoader.create(getClass().getClassLoader());
            }
        });
        return d;
    }

    private static MockProducer<byte[], byte[]> mockProducer() {
        return new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset, byte[] value) {
        return new ConsumerRecord<>("otlp_metrics", 0, offset, null, value);
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String key) {
        Header h = record.headers().lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
