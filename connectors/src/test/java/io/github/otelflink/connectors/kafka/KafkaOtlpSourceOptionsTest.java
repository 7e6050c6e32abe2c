package io.github.otelflink.connectors.kafka;

import io.github.otelflink.testing.TestCertificates;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otelflink.connectors.kafka.KafkaOtlpSourceOptions.Encoding;
import io.github.otelflink.connectors.kafka.KafkaOtlpSourceOptions.InitialOffset;
import io.github.otelflink.connectors.kafka.KafkaOtlpSourceOptions.SaslMechanism;
import io.github.otelflink.connectors.kafka.KafkaOtlpSourceOptions.Tls;

import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.security.scram.ScramLoginModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.net.ssl.SSLEngine;

class KafkaOtlpSourceOptionsTest {

    @Test
    void defaultsAreTheCollectorReceivers() {
        KafkaOtlpSourceOptions o = KafkaOtlpSourceOptions.defaults();
        assertThat(o.brokers()).containsExactly("localhost:9092");
        assertThat(o.topic()).isEqualTo("otlp_metrics");
        assertThat(o.encoding()).isEqualTo(Encoding.OTLP_PROTO);
        assertThat(o.groupId()).isEqualTo("otel-collector");
        assertThat(o.clientId()).isEqualTo("otel-collector");
        assertThat(o.initialOffset()).isEqualTo(InitialOffset.LATEST);
        assertThat(o.sasl()).isNull();
        assertThat(o.tls()).isNull();
        assertThat(o.deadLetterTopic()).isNull();
        assertThat(KafkaOtlpSource.kafkaClientProperties(o))
                .containsEntry("bootstrap.servers", "localhost:9092")
                .containsEntry("security.protocol", "PLAINTEXT");
    }

    @Test
    void invalidValuesFailWithTheKeyAndWhatWasExpected() {
        assertThatThrownBy(() -> KafkaOtlpSourceOptions.builder().brokers(List.of()).build())
                .hasMessageStartingWith("brokers: at least one broker");
        assertThatThrownBy(() -> KafkaOtlpSourceOptions.builder().brokers("kafka").build())
                .hasMessage("brokers: expected host:port, got 'kafka'");
        assertThatThrownBy(() -> KafkaOtlpSourceOptions.builder().brokers("kafka:99999").build())
                .hasMessage("brokers: expected host:port, got 'kafka:99999'");
        assertThatThrownBy(() -> KafkaOtlpSourceOptions.builder().topic("bad topic").build())
                .hasMessageStartingWith("topic: expected a Kafka topic name");
        assertThatThrownBy(() -> KafkaOtlpSourceOptions.builder().groupId(" ").build())
                .hasMessage("group_id: must not be empty");
        assertThatThrownBy(() -> KafkaOtlpSourceOptions.builder().deadLetterTopic("otlp_metrics").build())
                .hasMessage("dead_letter_topic: must differ from topic 'otlp_metrics'");
        assertThatThrownBy(() -> new Tls(null, "/c.pem", null, false))
                .hasMessage("tls.key_file: tls.cert_file and tls.key_file must be set together");
        assertThatThrownBy(() -> KafkaOtlpSourceOptions.builder().sasl(SaslMechanism.PLAIN, "u", "").build())
                .hasMessage("auth.sasl.password: is required");
        assertThat(KafkaOtlpSourceOptions.builder().brokers("a:1, [::1]:9093,b.example.com:9092").build().brokers())
                .containsExactly("a:1", "[::1]:9093", "b.example.com:9092");
    }

    @Test
    void passwordIsNeverPrinted() {
        KafkaOtlpSourceOptions o = KafkaOtlpSourceOptions.builder()
                .sasl(SaslMechanism.SCRAM_SHA_512, "alice", "s3cr3t-value")
                .build();
        assertThat(o.toString()).contains("alice").doesNotContain("s3cr3t-value");
        assertThat(o.sasl().toString()).contains("SCRAM-SHA-512").doesNotContain("s3cr3t-value");
    }

    @Test
    void saslOverTlsWithoutVerificationMapsToKafkaProperties() {
        KafkaOtlpSourceOptions o = KafkaOtlpSourceOptions.builder()
                .brokers(List.of("k1:9092", "k2:9092"))
                .sasl(SaslMechanism.SCRAM_SHA_256, "bob", "pw\"with\\quotes")
                .tls(new Tls(null, null, null, true))
                .build();

        Properties p = KafkaOtlpSource.kafkaClientProperties(o);
        assertThat(p)
                .containsEntry("bootstrap.servers", "k1:9092,k2:9092")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-256")
                .containsEntry("ssl.endpoint.identification.algorithm", "")
                .containsEntry("ssl.engine.factory.class", InsecureSslEngineFactory.class.getName());
        assertThat(p.getProperty("sasl.jaas.config")).isEqualTo(ScramLoginModule.class.getName()
                + " required username=\"bob\" password=\"pw\\\"with\\\\quotes\";");
        // Kafka parses the JAAS line back to the original password.
        assertThat(org.apache.kafka.common.security.JaasContext.loadClientContext(
                Map.of("sasl.jaas.config", new Password(p.getProperty("sasl.jaas.config")))).configurationEntries()
                .get(0).getOptions().get("password")).isEqualTo("pw\"with\\quotes");
    }

    @Test
    void tlsMapsToKafkaPemSupportWithoutKeyMaterialInTheProperties() throws Exception {
        TestCertificates certs = TestCertificates.shared();
        KafkaOtlpSourceOptions o = KafkaOtlpSourceOptions.builder()
                .brokers("kafka:9093")
                .tls(new Tls(certs.caCert().toString(), certs.clientCert().toString(), certs.clientKey().toString(), false))
                .build();

        Properties p = KafkaOtlpSource.kafkaClientProperties(o);

        assertThat(p)
                .containsEntry("security.protocol", "SSL")
                .containsEntry("ssl.truststore.type", "PEM")
                .containsEntry("ssl.truststore.location", certs.caCert().toString())
                .containsEntry("ssl.keystore.type", "PEM")
                .doesNotContainKey("ssl.endpoint.identification.algorithm");
        assertThat(p.toString()).doesNotContain("PRIVATE KEY");
        // The Kafka client resolves the file references itself, where it runs.
        p.setProperty("key.deserializer", ByteArrayDeserializer.class.getName());
        p.setProperty("value.deserializer", ByteArrayDeserializer.class.getName());
        ConsumerConfig resolved = new ConsumerConfig(p);
        assertThat(resolved.getPassword("ssl.keystore.key").value().strip()).isEqualTo(TestCertificates.read(certs.clientKey()).strip());
        assertThat(resolved.getPassword("ssl.keystore.certificate.chain").value().strip())
                .isEqualTo(TestCertificates.read(certs.clientCert()).strip());

        KafkaSource<?> source = KafkaOtlpSource.create(o);
        assertThat(source).isNotNull();
    }

    @Test
    void tlsFilesAreCheckedAtStartUp(@TempDir Path dir) throws Exception {
        Path cert = Files.writeString(dir.resolve("c.pem"), "-----BEGIN CERTIFICATE-----\n");
        Path rsaKey = Files.writeString(dir.resolve("rsa.key"), "-----BEGIN RSA PRIVATE KEY-----\nAAA\n");
        Path encrypted = Files.writeString(dir.resolve("enc.key"), "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAA\n");
        KafkaOtlpSourceOptions.Builder b = KafkaOtlpSourceOptions.builder();

        assertThatThrownBy(() -> KafkaOtlpSource.create(b.tls(new Tls(dir.resolve("missing.pem").toString(), null, null, false)).build()))
                .hasMessageStartingWith("tls.ca_file: cannot read " + dir.resolve("missing.pem"));
        assertThatThrownBy(() -> KafkaOtlpSource.create(b.tls(new Tls(null, cert.toString(), rsaKey.toString(), false)).build()))
                .hasMessageContaining("tls.key_file: " + rsaKey + " is not a PKCS#8 PEM key")
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
        assertThatThrownBy(() -> KafkaOtlpSource.create(b.tls(new Tls(null, cert.toString(), encrypted.toString(), false)).build()))
                .hasMessageContaining("is encrypted");
    }

    @Test
    void insecureFactoryPresentsTheClientCertificate() throws Exception {
        TestCertificates certs = TestCertificates.shared();
        try (InsecureSslEngineFactory factory = new InsecureSslEngineFactory()) {
            factory.configure(Map.of(
                    "ssl.keystore.certificate.chain", new Password(TestCertificates.read(certs.clientCert())),
                    "ssl.keystore.key", new Password(TestCertificates.read(certs.clientKey()))));
            assertThat(factory.keystore().getCertificate("client")).isNotNull();
            SSLEngine engine = factory.createClientSslEngine("localhost", 9093, "");
            assertThat(engine.getUseClientMode()).isTrue();
        }
    }

    @Test
    void optionsAndDeserializerAreSerializable() throws Exception {
        KafkaOtlpSourceOptions o = KafkaOtlpSourceOptions.builder()
                .sasl(SaslMechanism.PLAIN, "u", "p")
                .tls(Tls.system())
                .deadLetterTopic("dlq")
                .build();
        try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
            out.writeObject(o);
            out.writeObject(new OtlpKafkaRecordDeserializer(o));
        }
    }
}
