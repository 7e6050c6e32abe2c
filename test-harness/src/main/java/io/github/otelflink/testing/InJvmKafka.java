package io.github.otelflink.testing;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * One combined KRaft broker/controller in this JVM (Kafka's own {@link KafkaClusterTestKit}),
 * configured for tests: single replica, no rebalance delay. No Docker needed.
 */
public final class InJvmKafka implements AutoCloseable {
    private final KafkaClusterTestKit cluster;

    private InJvmKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** Formats and starts a broker; extra broker properties (e.g. listeners, SSL) may be given. */
    public static InJvmKafka start(Map<String, String> brokerProperties) throws Exception {
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build());
        brokerProperties.forEach(builder::setConfigProp);
        return start(builder);
    }

    private static InJvmKafka start(KafkaClusterTestKit.Builder builder) throws Exception {
        KafkaClusterTestKit cluster = builder
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return new InJvmKafka(cluster);
    }

    /**
     * A broker whose client listener demands SASL over mutual TLS ({@code ssl.client.auth=required},
     * PEM files from {@code certs}), with PLAIN for {@code plainUsers} (the first is the inter-broker
     * user) and SCRAM-SHA-512 for users added through the admin API. JAAS is listener-scoped, so no
     * JVM-wide JAAS file is needed. The 4.2 test kit only sets up PLAINTEXT and SASL_PLAINTEXT
     * listeners itself, so the protocol map is overridden here.
     */
    public static InJvmKafka startSaslSsl(TestCertificates certs, Map<String, String> plainUsers) throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build();
        String listener = nodes.brokerListenerName().value();
        String prefix = "listener.name." + listener.toLowerCase(Locale.ROOT) + ".";
        Map.Entry<String, String> interBroker = plainUsers.entrySet().iterator().next();
        StringBuilder plain = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required")
                .append(" username=\"").append(interBroker.getKey()).append("\" password=\"")
                .append(interBroker.getValue()).append('"');
        plainUsers.forEach((user, password) -> plain.append(" user_").append(user).append("=\"").append(password).append('"'));
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("listener.security.protocol.map",
                        listener + ":SASL_SSL," + nodes.controllerListenerName().value() + ":PLAINTEXT")
                .setConfigProp("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512")
                .setConfigProp("sasl.mechanism.inter.broker.protocol", "PLAIN")
                .setConfigProp(prefix + "plain.sasl.jaas.config", plain.append(';').toString())
                .setConfigProp(prefix + "scram-sha-512.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;")
                .setConfigProp("ssl.keystore.type", "PEM")
                .setConfigProp("ssl.keystore.certificate.chain", TestCertificates.read(certs.serverCert()))
                .setConfigProp("ssl.keystore.key", TestCertificates.read(certs.serverKey()))
                .setConfigProp("ssl.truststore.type", "PEM")
                .setConfigProp("ssl.truststore.certificates", TestCertificates.read(certs.caCert()))
                .setConfigProp("ssl.client.auth", "required");
        return start(builder);
    }

    public static InJvmKafka start() throws Exception {
        return start(Map.of());
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** The underlying test kit, for what this class does not wrap. */
    public KafkaClusterTestKit cluster() {
        return cluster;
    }

    public void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
    }

    /** A producer of raw bytes with {@code acks=all}, one request in flight (ordered per partition). */
    public KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
