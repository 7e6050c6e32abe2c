package io.github.otelflink.job.receiver.kafka;

import io.github.otelflink.connectors.kafka.KafkaOtlpSource;
import io.github.otelflink.connectors.kafka.KafkaOtlpSourceOptions;
import io.github.otelflink.job.config.ConfigNode;
import io.github.otelflink.job.config.TlsClientConfig;
import io.github.otelflink.job.config.TlsConfigParser;
import java.io.Serializable;
import java.util.List;
import java.util.Properties;
import javax.annotation.Nullable;

/**
 * How a Kafka client of the job authenticates, under the Collector's {@code configkafka} keys that
 * its kafka receiver and exporter share: {@code auth.sasl.{mechanism, username, password}} and
 * {@code tls} (or {@code auth.tls}, the older spelling). Used by the kafka receiver and by an
 * exporter's {@code dead_letter.kafka}.
 *
 * @param sasl SASL credentials, or null
 * @param tls TLS settings, or null for plaintext
 */
public record KafkaClientAuth(@Nullable KafkaReceiverConfig.Sasl sasl, @Nullable TlsClientConfig tls)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final KafkaClientAuth NONE = new KafkaClientAuth(null, null);

    /** Reads {@code auth} and {@code tls} of a kafka component's node; errors go to the node's paths. */
    public static KafkaClientAuth parse(ConfigNode node) {
        ConfigNode auth = node.object("auth");
        KafkaReceiverConfig.Sasl sasl = sasl(auth.object("sasl"));
        TlsClientConfig tls = null;
        if (auth.has("tls") && node.has("tls")) {
            node.error("tls", "set tls either here or under auth, not both");
        } else if (auth.has("tls")) {
            tls = kafkaTls(auth.object("tls"));
        } else if (node.has("tls")) {
            tls = kafkaTls(node.object("tls"));
        }
        auth.finish();
        return new KafkaClientAuth(sasl, tls);
    }

    /** TLS as a Kafka client takes it: the files and insecure_skip_verify; the other keys are refused. */
    @Nullable
    private static TlsClientConfig kafkaTls(ConfigNode node) {
        TlsClientConfig tls = TlsConfigParser.client(node);
        if (tls == null) {
            return null;
        }
        String why = "not supported for Kafka clients (they take ca_file, cert_file, key_file, insecure_skip_verify)";
        if (tls.insecure()) {
            node.error("insecure", why);
        }
        if (!TlsClientConfig.DEFAULT_MIN_VERSION.equals(tls.minVersion())) {
            node.error("min_version", why);
        }
        for (String key : new String[] {"max_version", "server_name_override", "reload_interval"}) {
            if (node.hasValue(key)) {
                node.error(key, why);
            }
        }
        return tls;
    }

    /** The connector's form of the SASL settings, or null. */
    @Nullable
    KafkaOtlpSourceOptions.Sasl connectorSasl() {
        return sasl == null ? null : new KafkaOtlpSourceOptions.Sasl(
                KafkaOtlpSourceOptions.SaslMechanism.valueOf(sasl.mechanism().name()), sasl.username(), sasl.password());
    }

    /** The connector's form of the TLS settings, or null. */
    @Nullable
    KafkaOtlpSourceOptions.Tls connectorTls() {
        return tls == null ? null
                : new KafkaOtlpSourceOptions.Tls(tls.caFile(), tls.certFile(), tls.keyFile(), tls.insecureSkipVerify());
    }

    /** Kafka client properties for {@code brokers} with these settings (security protocol, SASL, PEM files). */
    public Properties clientProperties(List<String> brokers) {
        return KafkaOtlpSource.kafkaClientProperties(brokers, connectorSasl(), connectorTls());
    }

    @Nullable
    private static KafkaReceiverConfig.Sasl sasl(ConfigNode node) {
        if (!node.isPresent()) {
            return null;
        }
        KafkaReceiverConfig.Mechanism mechanism =
                node.optionalChoice("mechanism", KafkaReceiverConfig.Mechanism.class, false);
        if (!node.hasValue("mechanism")) {
            node.error("mechanism", "required");
        }
        String username = node.requiredString("username");
        String password = node.requiredString("password");
        node.finish();
        if (mechanism == null || username == null || password == null) {
            return null;
        }
        return new KafkaReceiverConfig.Sasl(mechanism, username, password);
    }
}
