package io.github.otelflink.connectors.kafka;

import io.github.otelflink.connectors.kafka.KafkaOtlpSourceOptions.InitialOffset;
import io.github.otelflink.connectors.kafka.KafkaOtlpSourceOptions.Sasl;
import io.github.otelflink.connectors.kafka.KafkaOtlpSourceOptions.Tls;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

import javax.annotation.Nullable;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.provider.DirectoryConfigProvider;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * The Kafka source of OTLP metrics: reads what the OpenTelemetry Collector's kafka exporter writes
 * ({@code ExportMetricsServiceRequest}s as {@code otlp_proto} or {@code otlp_json}) and emits them
 * decoded, typed with {@link io.github.otelflink.connectors.OtlpMetricsTypeInfo}.
 *
 * <p>Offsets live in Flink checkpoints; on every completed checkpoint they are also committed to the
 * consumer group, so lag shows up in the usual Kafka tools. A record that does not decode is counted
 * ({@value OtlpKafkaRecordDeserializer#MALFORMED_RECORDS}) and skipped, or written to the dead-letter
 * topic when one is configured; it never fails the job or stalls a partition.
 *
 * <pre>{@code
 * DataStream<ExportMetricsServiceRequest> requests = env.fromSource(
 *     KafkaOtlpSource.create(options), KafkaWatermarks.strategy(), "kafka-otlp");
 * }</pre>
 */
public final class KafkaOtlpSource {
    /** Config provider alias used to read PEM client certificates and keys where the client runs. */
    static final String FILE_PROVIDER = "otlpfile";

    private KafkaOtlpSource() {}

    /** An unbounded source with the given options. */
    public static KafkaSource<ExportMetricsServiceRequest> create(KafkaOtlpSourceOptions options) {
        return builder(options).build();
    }

    /**
     * A source builder preset with the options, for settings the options do not cover (e.g. {@link
     * KafkaSourceBuilder#setBounded} in tests, or extra consumer properties).
     */
    public static KafkaSourceBuilder<ExportMetricsServiceRequest> builder(KafkaOtlpSourceOptions options) {
        if (options.tls() != null) {
            checkTlsFiles(options.tls());
        }
        KafkaSourceBuilder<ExportMetricsServiceRequest> builder = KafkaSource.<ExportMetricsServiceRequest>builder();
        builder.setProperties(kafkaClientProperties(options));
        return builder.setBootstrapServers(String.join(",", options.brokers()))
                .setTopics(options.topic())
                .setGroupId(options.groupId())
                .setClientIdPrefix(options.clientId())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(resetStrategy(options.initialOffset())))
                .setProperty("commit.offsets.on.checkpoint", "true")
                .setDeserializer(new OtlpKafkaRecordDeserializer(options));
    }

    @SuppressWarnings("deprecation") // the connector's OffsetsInitializer still takes OffsetResetStrategy
    private static OffsetResetStrategy resetStrategy(InitialOffset initialOffset) {
        return initialOffset == InitialOffset.EARLIEST ? OffsetResetStrategy.EARLIEST : OffsetResetStrategy.LATEST;
    }

    /**
     * The connection properties every Kafka client of this source uses (consumers, the enumerator's
     * admin client, the dead-letter producer): brokers, security protocol, SASL and TLS.
     *
     * <p>TLS maps to Kafka's PEM support: {@code ssl.truststore.type=PEM} with the CA file as {@code
     * ssl.truststore.location}; a client certificate and key become {@code ssl.keystore.type=PEM} with
     * {@code ssl.keystore.certificate.chain} and {@code ssl.keystore.key} read from the files by Kafka's
     * {@link DirectoryConfigProvider} when the client starts, so no key material travels inside the
     * job graph. {@code insecure_skip_verify} switches off host name verification and installs {@link
     * InsecureSslEngineFactory}, which trusts any server certificate.
     */
    public static Properties kafkaClientProperties(KafkaOtlpSourceOptions options) {
        return kafkaClientProperties(options.brokers(), options.sasl(), options.tls());
    }

    /** The same for any Kafka client: brokers, and SASL and TLS when not null. */
    public static Properties kafkaClientProperties(List<String> brokers, @Nullable Sasl sasl, @Nullable Tls tls) {
        Properties p = new Properties();
        p.setProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, String.join(",", brokers));
        String protocol = sasl != null ? (tls != null ? "SASL_SSL" : "SASL_PLAINTEXT") : (tls != null ? "SSL" : "PLAINTEXT");
        p.setProperty(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);
        if (sasl != null) {
            p.setProperty(SaslConfigs.SASL_MECHANISM, sasl.mechanism().kafkaName());
            p.setProperty(SaslConfigs.SASL_JAAS_CONFIG, sasl.mechanism().loginModule() + " required username=\""
                    + jaasEscape(sasl.username()) + "\" password=\"" + jaasEscape(sasl.password()) + "\";");
        }
        if (tls != null) {
            if (tls.caFile() != null) {
                p.setProperty(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
                p.setProperty(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, tls.caFile());
            }
            if (tls.hasClientCertificate()) {
                p.setProperty("config.providers", FILE_PROVIDER);
                p.setProperty("config.providers." + FILE_PROVIDER + ".class", DirectoryConfigProvider.class.getName());
                p.setProperty(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PEM");
                p.setProperty(SslConfigs.SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG, fileReference(tls.certFile()));
                p.setProperty(SslConfigs.SSL_KEYSTORE_KEY_CONFIG, fileReference(tls.keyFile()));
            }
            if (tls.insecureSkipVerify()) {
                p.setProperty(SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG, "");
                p.setProperty(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, InsecureSslEngineFactory.class.getName());
            }
        }
        return p;
    }

    /** {@code ${otlpfile:/dir:name}}: the content of the file, read by the Kafka client itself. */
    private static String fileReference(String file) {
        Path path = Path.of(file).toAbsolutePath().normalize();
        Path dir = path.getParent();
        String name = path.getFileName().toString();
        if (dir == null || dir.toString().matches(".*[:{}$].*") || name.matches(".*[:{}$].*")) {
            throw new IllegalArgumentException("tls: file path must not contain ':', '{', '}' or '$': " + file);
        }
        return "${" + FILE_PROVIDER + ":" + dir + ":" + name + "}";
    }

    private static String jaasEscape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /**
     * Checks at start-up what Kafka would otherwise report only when the first consumer connects: the
     * PEM files exist and the key is in the PKCS#8 form Kafka reads.
     */
    static void checkTlsFiles(Tls tls) {
        checkReadable("tls.ca_file", tls.caFile());
        checkReadable("tls.cert_file", tls.certFile());
        checkReadable("tls.key_file", tls.keyFile());
        if (tls.keyFile() != null) {
            String key;
            try {
                key = Files.readString(Path.of(tls.keyFile()), StandardCharsets.US_ASCII);
            } catch (IOException | RuntimeException e) {
                throw KafkaOtlpSourceOptions.invalid("tls.key_file", "cannot read " + tls.keyFile() + ": " + e);
            }
            if (key.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
                throw KafkaOtlpSourceOptions.invalid("tls.key_file",
                        tls.keyFile() + " is encrypted; an unencrypted PKCS#8 key is expected "
                                + "(openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem)");
            }
            if (!key.contains("-----BEGIN PRIVATE KEY-----")) {
                throw KafkaOtlpSourceOptions.invalid("tls.key_file",
                        tls.keyFile() + " is not a PKCS#8 PEM key (BEGIN PRIVATE KEY); Kafka reads no other form. "
                                + "Convert it with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem");
            }
        }
    }

    private static void checkReadable(String key, String file) {
        if (file != null && !Files.isReadable(Path.of(file))) {
            throw KafkaOtlpSourceOptions.invalid(key, "cannot read " + file
                    + " (it must exist on the JobManager and every TaskManager)");
        }
    }
}
