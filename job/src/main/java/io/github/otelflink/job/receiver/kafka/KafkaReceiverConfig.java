package io.github.otelflink.job.receiver.kafka;

import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.config.ConfigEnum;
import io.github.otelflink.job.config.TlsClientConfig;
import io.github.otelflink.job.receiver.ReceiverConfig;
import java.io.Serializable;
import java.util.List;
import javax.annotation.Nullable;

/**
 * The {@code kafka} receiver: OTLP metrics from a topic, as the Collector's kafka exporter
 * writes them. Offsets are kept in Flink checkpoints.
 * <pre>
 * kafka:
 *   brokers: [localhost:9092]          # default
 *   topic: otlp_metrics                # default
 *   encoding: otlp_proto               # default; or otlp_json
 *   group_id: otel-collector           # default
 *   client_id: otel-collector          # default
 *   initial_offset: latest             # default; or earliest
 *   auth:
 *     sasl: {mechanism: SCRAM-SHA-512, username: ..., password: ...}
 *     tls: {ca_file: ...}              # or tls: at the top level, as newer Collectors write it
 * </pre>
 *
 * @param id the component id
 * @param brokers bootstrap servers, {@code host:port}
 * @param topic the topic to read
 * @param encoding how each record's value is encoded
 * @param groupId consumer group
 * @param clientId Kafka client id
 * @param initialOffset where to start when the group has no committed offset and there is no checkpoint
 * @param sasl SASL authentication, or null for none
 * @param tls TLS settings, or null for plain text
 */
public record KafkaReceiverConfig(
        ComponentId id,
        List<String> brokers,
        String topic,
        Encoding encoding,
        String groupId,
        String clientId,
        InitialOffset initialOffset,
        @Nullable Sasl sasl,
        @Nullable TlsClientConfig tls)
        implements ReceiverConfig {

    public static final List<String> DEFAULT_BROKERS = List.of("localhost:9092");
    public static final String DEFAULT_TOPIC = "otlp_metrics";
    public static final String DEFAULT_GROUP_ID = "otel-collector";
    public static final String DEFAULT_CLIENT_ID = "otel-collector";

    public KafkaReceiverConfig {
        brokers = List.copyOf(brokers);
    }

    /** The encoding of a record's value. */
    public enum Encoding implements ConfigEnum {
        /** A protobuf {@code ExportMetricsServiceRequest}. */
        OTLP_PROTO("otlp_proto"),
        /** The same message in OTLP's JSON mapping. */
        OTLP_JSON("otlp_json");

        private final String configName;

        Encoding(String configName) {
            this.configName = configName;
        }

        @Override
        public String configName() {
            return configName;
        }
    }

    /** Where to start reading without a committed offset. */
    public enum InitialOffset implements ConfigEnum {
        LATEST("latest"),
        EARLIEST("earliest");

        private final String configName;

        InitialOffset(String configName) {
            this.configName = configName;
        }

        @Override
        public String configName() {
            return configName;
        }
    }

    /**
     * SASL credentials.
     *
     * @param mechanism the SASL mechanism
     * @param username the user
     * @param password the password
     */
    public record Sasl(Mechanism mechanism, String username, String password) implements Serializable {

        @Override
        public String toString() {
            return "Sasl[mechanism=" + mechanism + ", username=" + username + ", password=[REDACTED]]";
        }
    }

    /** The SASL mechanisms Kafka clients support without extra modules. */
    public enum Mechanism implements ConfigEnum {
        PLAIN("PLAIN"),
        SCRAM_SHA_256("SCRAM-SHA-256"),
        SCRAM_SHA_512("SCRAM-SHA-512");

        private final String configName;

        Mechanism(String configName) {
            this.configName = configName;
        }

        @Override
        public String configName() {
            return configName;
        }
    }

    @Override
    public String describe() {
        return "Kafka topic " + topic + " (" + encoding.configName() + ") from " + String.join(",", brokers)
                + ", group " + groupId + ", start at " + initialOffset.configName()
                + (sasl != null ? ", SASL " + sasl.mechanism().configName() : "")
                + (tls != null ? ", TLS" : "");
    }
}
