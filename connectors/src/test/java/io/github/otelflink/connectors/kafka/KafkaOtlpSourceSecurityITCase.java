package io.github.otelflink.connectors.kafka;

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
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    private static KafkaClusterTestKit kafka;
    private static Admin admin;
    private static KafkaProducer<byte[], byte[]> producer;
    private static final AtomicInteger TOPICS = new AtomicInteger();

    @BeforeAll
    static void startKafka() throws Exception {
        certs = TestCertificates.shared();
        // The 4.2 test kit only sets up PLAINTEXT and SASL_PLAINTEXT listeners itself; the broker
        // listener is switched to SASL_SSL here, with listener-scoped JAAS (no JVM-wide JAAS file).
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build();
        String listener = nodes.brokerListenerName().value();
        String prefix = "listener.name." + listener.toLowerCase(java.util.Locale.ROOT) + ".";
        kafka = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("listener.security.protocol.map",
                        listener + ":SASL_SSL," + nodes.controllerListenerName().value() + ":PLAINTEXT")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512")
                .setConfigProp("sasl.mechanism.inter.broker.protocol", "PLAIN")
                .setConfigProp(prefix + "plain.sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required"
                                + " username=\"" + PLAIN_ADMIN + "\" password=\"" + PLAIN_ADMIN_PASSWORD + "\""
                                + " user_" + PLAIN_ADMIN + "=\"" + PLAIN_ADMIN_PASSWORD + "\""
                                + " user_" + PLAIN_USER + "=\"" + PLAIN_USER_PASSWORD + "\";")
                .setConfigProp(prefix + "scram-sha-512.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;")
                .setConfigProp("ssl.keystore.type", "PEM")
                .setConfigProp("ssl.keystore.certificate.chain", TestCertificates.read(certs.serverCert()))
                .setConfigProp("ssl.keystore.key", TestCertificates.read(certs.serverKey()))
                .setConfigProp("ssl.truststore.type", "PEM")
                .setConfigProp("ssl.truststore.certificates", TestCertificates.read(certs.caCert()))
                .setConfigProp("ssl.client.auth", "required")
                .build();
        kafka.format();
        kafka.startup();
        kafka.waitForReadyBrokers();

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
