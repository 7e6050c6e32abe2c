package io.github.otelflink.job.exporter.prometheusremotewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otelflink.job.config.TlsClientConfig;
import io.github.otelflink.job.deadletter.DeadLetterReader;
import io.github.otelflink.job.receiver.kafka.KafkaClientAuth;
import io.github.otelflink.job.receiver.kafka.KafkaReceiverConfig;
import io.github.otelflink.sink.remotewrite.deadletter.DeadLetter;
import io.github.otelflink.sink.remotewrite.deadletter.DeadLetterJson;
import io.github.otelflink.sink.remotewrite.deadletter.DeadLetterOutput;
import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;
import io.github.otelflink.sink.remotewrite.validate.DropReason;
import io.github.otelflink.testing.InJvmKafka;
import io.github.otelflink.testing.Poll;
import io.github.otelflink.testing.TestCertificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/** {@code dead_letter.kafka} against an in-JVM Kafka broker: the same JSON lines, as record values. */
class KafkaDeadLetterTargetTest {
    private static DeadLetter letter(String name, long t) {
        return new DeadLetter(TimeSeries.ofSample(Labels.of("__name__", name, "job", "a\"b"), t, 1.5),
                DropReason.TOO_OLD, 400, "out of bounds", 1000);
    }

    @Test
    void writesEveryLetterAsOneRecordKeyedByItsSeriesAndAcknowledgedByFlush() throws Exception {
        try (InJvmKafka kafka = InJvmKafka.start()) {
            kafka.createTopic("dead", 2);
            KafkaDeadLetterTarget target = new KafkaDeadLetterTarget(List.of(kafka.bootstrapServers()), "dead", KafkaClientAuth.NONE);
            try (DeadLetterOutput output = target.open(0, 0)) {
                output.write(letter("a", 1));
                output.write(letter("b", 2));
                output.flush();
            }

            List<ConsumerRecord<byte[], byte[]>> records = read(KafkaClientAuth.NONE.clientProperties(
                    List.of(kafka.bootstrapServers())), 2);
            assertThat(records).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .containsExactlyInAnyOrder(DeadLetterJson.encode(letter("a", 1)), DeadLetterJson.encode(letter("b", 2)));
            assertThat(records).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                    .containsExactlyInAnyOrder("{__name__=\"a\", job=\"a\\\"b\"}", "{__name__=\"b\", job=\"a\\\"b\"}");
            assertThat(DeadLetterReader.read(new String(records.get(0).value(), StandardCharsets.UTF_8)).sampleCount())
                    .isEqualTo(1);
        }
    }

    @Test
    void aLetterTheBrokerDidNotTakeFailsTheFlush() {
        // Nothing listens on port 1 of 127.0.0.1: the send times out (max.block.ms) or fails.
        KafkaDeadLetterTarget target = new KafkaDeadLetterTarget(List.of("127.0.0.1:1"), "dead", KafkaClientAuth.NONE);
        assertThatThrownBy(() -> {
            try (DeadLetterOutput output = target.open(0, 0)) {
                output.write(letter("a", 1));
                output.flush();
            }
        }).isInstanceOf(IOException.class).hasMessageContaining("dead");
    }

    @Test
    void writesOverSaslAndMutualTlsAsTheKafkaReceiverConnects() throws Exception {
        // A broker that demands SASL over mutual TLS: the target connects with the settings the
        // exporter's dead_letter.kafka.{auth.sasl, tls} give, and a wrong password fails the flush.
        TestCertificates certs = TestCertificates.shared();
        Map<String, String> users = new LinkedHashMap<>();
        users.put("admin", "admin-secret");
        users.put("collector", "collector-secret");
        try (InJvmKafka kafka = InJvmKafka.startSaslSsl(certs, users)) {
            TlsClientConfig tls = new TlsClientConfig(certs.caCert().toString(), certs.clientCert().toString(),
                    certs.clientKey().toString(), false, false, TlsClientConfig.DEFAULT_MIN_VERSION, null, null, null);
            KafkaClientAuth auth = new KafkaClientAuth(
                    new KafkaReceiverConfig.Sasl(KafkaReceiverConfig.Mechanism.PLAIN, "collector", "collector-secret"), tls);
            List<String> brokers = List.of(kafka.bootstrapServers());
            try (DeadLetterOutput output = new KafkaDeadLetterTarget(brokers, "dead", auth).open(0, 0)) {
                output.write(letter("secure", 1));
                output.flush();
            }
            assertThat(read(auth.clientProperties(brokers), 1)).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .containsExactly(DeadLetterJson.encode(letter("secure", 1)));

            KafkaClientAuth wrong = new KafkaClientAuth(
                    new KafkaReceiverConfig.Sasl(KafkaReceiverConfig.Mechanism.PLAIN, "collector", "wrong"), tls);
            assertThatThrownBy(() -> {
                try (DeadLetterOutput output = new KafkaDeadLetterTarget(brokers, "dead", wrong).open(0, 0)) {
                    output.write(letter("refused", 1));
                    output.flush();
                }
            }).isInstanceOf(IOException.class).hasMessageContaining("dead");
        }
    }

    /** Reads {@code count} records of topic "dead" from the start, with these client settings. */
    private static List<ConsumerRecord<byte[], byte[]>> read(Properties connection, int count) {
        Properties p = new Properties();
        p.putAll(connection);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of("dead"));
            Poll.until(Duration.ofSeconds(30), count + " dead letters in the topic", () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= count;
            });
        }
        return records;
    }
}
