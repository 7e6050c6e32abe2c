package io.github.otelflink.connectors.kafka;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Settings of the Kafka source, with the OpenTelemetry Collector kafka receiver's keys and defaults:
 * {@code brokers} ({@code localhost:9092}), {@code topic} ({@code otlp_metrics}), {@code encoding}
 * ({@code otlp_proto} | {@code otlp_json}), {@code group_id} ({@code otel-collector}), {@code client_id}
 * ({@code otel-collector}), {@code initial_offset} ({@code latest} | {@code earliest}), {@code auth.sasl}
 * and {@code tls}. {@code dead_letter_topic} is this project's own: where records that do not
 * decode go (absent: they are counted and skipped); the job's {@code kafka} receiver does not set it.
 *
 * <p>Every value is checked when the record is built; a bad value fails with the key's name and
 * what was expected. {@link #toString()} never prints the SASL password.
 *
 * @param brokers bootstrap servers, {@code host:port} each
 * @param topic the topic to read
 * @param encoding how record values are encoded
 * @param groupId the consumer group; offsets are committed to it on each completed checkpoint
 *     (for visibility only: Flink restores from its checkpoints, not from the group)
 * @param clientId client id prefix of the consumers (Flink appends the subtask index)
 * @param initialOffset where to start when neither a checkpoint nor a committed group offset exists
 * @param sasl SASL authentication, or {@code null}
 * @param tls TLS settings, or {@code null} for a plaintext connection
 * @param deadLetterTopic topic for records that do not decode, or {@code null} to count and skip them
 * @param passUndecoded {@code otlp_proto} records that {@code OtlpWireScan} accepts are emitted as
 *     {@code UndecodedRequest}s, decoded by whoever reads them; off, every record is decoded here
 */
public record KafkaOtlpSourceOptions(
        List<String> brokers,
        String topic,
        Encoding encoding,
        String groupId,
        String clientId,
        InitialOffset initialOffset,
        Sasl sasl,
        Tls tls,
        String deadLetterTopic,
        boolean passUndecoded)
        implements Serializable {

    public static final List<String> DEFAULT_BROKERS = List.of("localhost:9092");
    public static final String DEFAULT_TOPIC = "otlp_metrics";
    public static final String DEFAULT_GROUP_ID = "otel-collector";
    public static final String DEFAULT_CLIENT_ID = "otel-collector";

    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Pattern BROKER = Pattern.compile("(\\[[0-9a-fA-F:.]+\\]|[^\\s:/\\[\\]]+):(\\d{1,5})");

    public KafkaOtlpSourceOptions {
        if (brokers == null || brokers.isEmpty()) {
            throw invalid("brokers", "at least one broker is required, e.g. [\"kafka:9092\"]");
        }
        brokers = List.copyOf(brokers);
        for (String broker : brokers) {
            var m = broker == null ? null : BROKER.matcher(broker.trim());
            if (m == null || !m.matches() || Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(2)) > 65535) {
                throw invalid("brokers", "expected host:port, got '" + broker + "'");
            }
        }
        brokers = brokers.stream().map(String::trim).toList();
        checkTopic("topic", topic);
        Objects.requireNonNull(encoding, "encoding");
        if (groupId == null || groupId.isBlank()) {
            throw invalid("group_id", "must not be empty");
        }
        if (clientId == null || clientId.isBlank()) {
            throw invalid("client_id", "must not be empty");
        }
        Objects.requireNonNull(initialOffset, "initial_offset");
        if (deadLetterTopic != null) {
            checkTopic("dead_letter_topic", deadLetterTopic);
            if (deadLetterTopic.equals(topic)) {
                throw invalid("dead_letter_topic", "must differ from topic '" + topic + "'");
            }
        }
    }

    /** The Collector's defaults: {@code localhost:9092}, {@code otlp_metrics}, {@code otlp_proto}, latest. */
    public static KafkaOtlpSourceOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .brokers(brokers)
                .topic(topic)
                .encoding(encoding)
                .groupId(groupId)
                .clientId(clientId)
                .initialOffset(initialOffset)
                .sasl(sasl)
                .tls(tls)
                .deadLetterTopic(deadLetterTopic)
                .passUndecoded(passUndecoded);
    }

    /** Is the connection to the brokers encrypted? */
    public boolean tlsEnabled() {
        return tls != null;
    }

    static IllegalArgumentException invalid(String key, String what) {
        return new IllegalArgumentException(key + ": " + what);
    }

    private static void checkTopic(String key, String topic) {
        if (topic == null || !TOPIC_NAME.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            throw invalid(key, "expected a Kafka topic name (1-249 of [a-zA-Z0-9._-]), got '" + topic + "'");
        }
    }

    /** How record values are encoded: the Collector kafka exporter's {@code encoding}. */
    public enum Encoding {
        /** Binary protobuf {@code ExportMetricsServiceRequest} (the Collector's default). */
        OTLP_PROTO("otlp_proto"),
        /** The OTLP/JSON mapping of {@code ExportMetricsServiceRequest}. */
        OTLP_JSON("otlp_json");

        private final String configName;

        Encoding(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }
    }

    /** Where to start without a checkpoint or committed offsets: the Collector's {@code initial_offset}. */
    public enum InitialOffset {
        LATEST,
        EARLIEST
    }

    /** SASL mechanisms the source supports. */
    public enum SaslMechanism {
        PLAIN("PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule"),
        SCRAM_SHA_256("SCRAM-SHA-256", "org.apache.kafka.common.security.scram.ScramLoginModule"),
        SCRAM_SHA_512("SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule");

        private final String kafkaName;
        private final String loginModule;

        SaslMechanism(String kafkaName, String loginModule) {
            this.kafkaName = kafkaName;
            this.loginModule = loginModule;
        }

        /** The name Kafka and the Collector use ({@code sasl.mechanism}). */
        public String kafkaName() {
            return kafkaName;
        }

        String loginModule() {
            return loginModule;
        }
    }

    /**
     * SASL username/password authentication ({@code auth.sasl}).
     *
     * @param mechanism PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512
     * @param username the user
     * @param password the password; never printed
     */
    public record Sasl(SaslMechanism mechanism, String username, String password) implements Serializable {
        public Sasl {
            if (mechanism == null) {
                throw invalid("auth.sasl.mechanism", "is required: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512");
            }
            if (username == null || username.isEmpty()) {
                throw invalid("auth.sasl.username", "is required");
            }
            if (password == null || password.isEmpty()) {
                throw invalid("auth.sasl.password", "is required");
            }
        }

        @Override
        public String toString() {
            return "Sasl[mechanism=" + mechanism.kafkaName() + ", username=" + username + ", password=<hidden>]";
        }
    }

    /**
     * TLS to the brokers ({@code tls}), with PEM files as the Collector takes them. The files are read
     * by every Kafka client the job creates (the enumerator's admin client on the JobManager, the
     * consumers on the TaskManagers), so they must exist at the same path on all of them. The private
     * key must be PKCS#8 ({@code BEGIN PRIVATE KEY}); convert others with {@code openssl pkcs8 -topk8
     * -nocrypt}.
     *
     * @param caFile CA certificates to trust (PEM), or {@code null} for the JVM's default trust store
     * @param certFile client certificate chain (PEM) for mutual TLS, or {@code null}
     * @param keyFile client private key (PEM, PKCS#8, unencrypted), or {@code null}
     * @param insecureSkipVerify accept any server certificate and host name (testing only)
     */
    public record Tls(String caFile, String certFile, String keyFile, boolean insecureSkipVerify)
            implements Serializable {
        public Tls {
            caFile = blankToNull(caFile);
            certFile = blankToNull(certFile);
            keyFile = blankToNull(keyFile);
            if ((certFile == null) != (keyFile == null)) {
                throw invalid(certFile == null ? "tls.cert_file" : "tls.key_file",
                        "tls.cert_file and tls.key_file must be set together");
            }
        }

        /** Server verification against the JVM's trust store, no client certificate. */
        public static Tls system() {
            return new Tls(null, null, null, false);
        }

        public boolean hasClientCertificate() {
            return certFile != null;
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s;
        }
    }

    /** Builds options starting from the Collector's defaults. */
    public static final class Builder {
        private List<String> brokers = DEFAULT_BROKERS;
        private String topic = DEFAULT_TOPIC;
        private Encoding encoding = Encoding.OTLP_PROTO;
        private String groupId = DEFAULT_GROUP_ID;
        private String clientId = DEFAULT_CLIENT_ID;
        private InitialOffset initialOffset = InitialOffset.LATEST;
        private Sasl sasl;
        private Tls tls;
        private String deadLetterTopic;
        private boolean passUndecoded;

        private Builder() {}

        public Builder brokers(List<String> brokers) {
            this.brokers = brokers;
            return this;
        }

        /** Comma-separated {@code host:port} list, e.g. a {@code bootstrap.servers} value. */
        public Builder brokers(String commaSeparated) {
            List<String> list = new ArrayList<>();
            for (String s : commaSeparated.split(",")) {
                if (!s.isBlank()) {
                    list.add(s.trim());
                }
            }
            this.brokers = list;
            return this;
        }

        public Builder topic(String topic) {
            this.topic = topic;
            return this;
        }

        public Builder encoding(Encoding encoding) {
            this.encoding = encoding;
            return this;
        }

        public Builder groupId(String groupId) {
            this.groupId = groupId;
            return this;
        }

        public Builder clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        public Builder initialOffset(InitialOffset initialOffset) {
            this.initialOffset = initialOffset;
            return this;
        }

        public Builder sasl(Sasl sasl) {
            this.sasl = sasl;
            return this;
        }

        public Builder sasl(SaslMechanism mechanism, String username, String password) {
            return sasl(new Sasl(mechanism, username, password));
        }

        public Builder tls(Tls tls) {
            this.tls = tls;
            return this;
        }

        public Builder deadLetterTopic(String deadLetterTopic) {
            this.deadLetterTopic = deadLetterTopic;
            return this;
        }

        /**
         * Whether {@code otlp_proto} records the scan accepts go on undecoded; for a job whose
         * every operator reading requests handles them. Off by default.
         */
        public Builder passUndecoded(boolean passUndecoded) {
            this.passUndecoded = passUndecoded;
            return this;
        }

        public KafkaOtlpSourceOptions build() {
            return new KafkaOtlpSourceOptions(
                    brokers, topic, encoding, groupId, clientId, initialOffset, sasl, tls, deadLetterTopic, passUndecoded);
        }
    }
}
