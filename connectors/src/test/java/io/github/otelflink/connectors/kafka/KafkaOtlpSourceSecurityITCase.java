package io.github.otelflink.connectors.kafka;

import io.github.otelflink.testing.InJvmKafka;
import io.github.otelflink.testing.TestCertificates;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otelflink.connectors.kafka.KafkaOtlpSourceOptions.InitialOffset;
import io.github.otelflink.connectors.kafka.KafkaOtlpSourceOptions.SaslMechanism;
import io.github.otelflink.connectors.kafka.KafkaOtlpSourceOptions.Tls;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.ExceptionUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The source's connection settings against a broker that demands SASL over mutual TLS (an in-JVM
 * KRaft node with a SASL_SSL listener, {@code ssl.client.auth=required}, PLAIN and SCRAM-SHA-512):
 * the PEM files, SASL mechanisms and {@code insecure_skip_verify} work for every client the source
 * creates (the enumerator's admin client, the consumers, the dead-letter producer).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KafkaOtlpSourceSecurityITCase {
    private static final String PLAIN_ADMIN = "admin";
    private static final String PLAIN_ADMIN_PASSWORD = "admin-secret";
    private static final String PLAIN_USER = "collector";
    private static final String PLAIN_USER_PASSWORD = "collector-secret";
    private static final String SCRAM_USER = "otel";
    private static final String SCRAM_PASSWORD = "otel-scram-secret";

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(1)
                    .build());

    private static TestCertificates certs;
    private static InJvmKafka kafka;
    private static Admin admin;
    private static KafkaProducer<byte[], byte[]> producer;
    private static final AtomicInteger TOPICS = new AtomicInteger();

    @BeforeAll
    static void startKafka() throws Exception {
        certs = TestCertificates.shared();
        Map<String, String> plainUsers = new LinkedHashMap<>();
        plainUsers.put(PLAIN_ADMIN, PLAIN_ADMIN_PASSWORD);
        plainUsers.put(PLAIN_USER, PLAIN_USER_PASSWORD);
        kafka = InJvmKafka.startSaslSsl(certs, plainUsers);

        Properties p = KafkaOtlpSource.kafkaClientProperties(adminOptions().build());
        admin = Admin.create(p);
        admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(
                        SCRAM_USER, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), SCRAM_PASSWORD)))
                .all()
                .get(30, TimeUnit.SECONDS);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer = new KafkaProducer<>(p);
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void scramOverMutualTlsWithDeadLetterTopic() throws Exception {
        String topic = createTopic("secure");
        String deadLetters = createTopic("secure-dlq");
        send(topic, OtlpTestRequests.request(0).toByteArray());
        send(topic, OtlpTestRequests.malformedProtobuf());
        send(topic, OtlpTestRequests.request(1).toByteArray());

        KafkaOtlpSourceOptions options = options(topic)
                .sasl(SaslMechanism.SCRAM_SHA_512, SCRAM_USER, SCRAM_PASSWORD)
                .tls(new Tls(certs.caCert().toString(), certs.clientCert().toString(), certs.clientKey().toString(), false))
                .deadLetterTopic(deadLetters)
                .build();

        assertThat(runBounded(options).stream().map(OtlpTestRequests::seq)).containsExactly(0, 1);
        List<ConsumerRecord<byte[], byte[]>> dead = readAll(deadLetters);
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).value()).isEqualTo(OtlpTestRequests.malformedProtobuf());
    }

    @Test
    void insecureSkipVerifyAcceptsAServerCertificateNobodyTrusts() throws Exception {
        String topic = createTopic("insecure");
        send(topic, OtlpTestRequests.request(5).toByteArray());

        KafkaOtlpSourceOptions options = options(topic)
                .sasl(SaslMechanism.PLAIN, PLAIN_USER, PLAIN_USER_PASSWORD)
                .tls(new Tls(null, certs.clientCert().toString(), certs.clientKey().toString(), true))
                .build();

        assertThat(runBounded(options)).containsExactly(OtlpTestRequests.request(5));
    }

    @Test
    void wrongPasswordFailsTheJobWithTheBrokersReason() throws Exception {
        String topic = createTopic("denied");
        KafkaOtlpSourceOptions options = options(topic)
                .sasl(SaslMechanism.SCRAM_SHA_512, SCRAM_USER, "not-the-password")
                .tls(new Tls(certs.caCert().toString(), certs.clientCert().toString(), certs.clientKey().toString(), false))
                .build();

        assertThatThrownBy(() -> runBounded(options))
                .satisfies(e -> assertThat(ExceptionUtils.findThrowable(e, SaslAuthenticationException.class)).isPresent());
    }

    private static KafkaOtlpSourceOptions.Builder adminOptions() {
        return KafkaOtlpSourceOptions.builder()
                .brokers(kafka.bootstrapServers())
                .sasl(SaslMechanism.PLAIN, PLAIN_ADMIN, PLAIN_ADMIN_PASSWORD)
                .tls(new Tls(certs.caCert().toString(), certs.clientCert().toString(), certs.clientKey().toString(), false));
    }

    private static KafkaOtlpSourceOptions.Builder options(String topic) {
        return KafkaOtlpSourceOptions.builder()
                .brokers(kafka.bootstrapServers())
                .topic(topic)
                .groupId("group-" + topic)
                .clientId("client-" + topic)
                .initialOffset(InitialOffset.EARLIEST);
    }

    private static String createTopic(String prefix) throws Exception {
        String name = prefix + "-" + TOPICS.incrementAndGet();
        admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        return name;
    }

    private static void send(String topic, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, 0, null, value)).get(30, TimeUnit.SECONDS);
    }

    @SuppressWarnings("try") // CloseableIterator.close() may throw InterruptedException
    private static List<ExportMetricsServiceRequest> runBounded(KafkaOtlpSourceOptions options) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        List<ExportMetricsServiceRequest> out = new ArrayList<>();
        try (CloseableIterator<ExportMetricsServiceRequest> it = env.fromSource(
                        KafkaOtlpSource.builder(options).setBounded(OffsetsInitializer.latest()).build(),
                        WatermarkStrategy.noWatermarks(),
                        "kafka-otlp")
                .executeAndCollect("secure-" + options.topic())) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) throws Exception {
        Properties p = KafkaOtlpSource.kafkaClientProperties(adminOptions().build());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (out.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            consumer.poll(Duration.ofMillis(300)).forEach(out::add);
        }
        return out;
    }
}
