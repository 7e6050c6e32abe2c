package io.github.otelflink.job.receiver.kafka;

import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.config.ComponentParser;
import io.github.otelflink.job.config.ConfigNode;
import io.github.otelflink.job.config.Endpoints;
import io.github.otelflink.job.config.TlsClientConfig;
import io.github.otelflink.job.config.TlsConfigParser;
import java.util.List;
import javax.annotation.Nullable;

/** Reads the {@code kafka} receiver; see {@link KafkaReceiverConfig} for keys and defaults. */
public final class KafkaReceiverParser implements ComponentParser<KafkaReceiverConfig> {

    @Override
    public KafkaReceiverConfig parse(ComponentId id, ConfigNode node) {
        List<String> brokers = node.hasValue("brokers") ? node.stringList("brokers") : KafkaReceiverConfig.DEFAULT_BROKERS;
        if (brokers.isEmpty() && node.hasList("brokers")) {
            node.error("brokers", "must not be empty");
        }
        for (int i = 0; i < brokers.size(); i++) {
            if (!Endpoints.isHostPort(brokers.get(i))) {
                node.error("brokers[" + i + "]", "expected host:port like \"localhost:9092\", got \"" + brokers.get(i) + "\"");
            }
        }
        String topic = nonEmpty(node, "topic", KafkaReceiverConfig.DEFAULT_TOPIC);
        KafkaReceiverConfig.Encoding encoding =
                node.choice("encoding", KafkaReceiverConfig.Encoding.OTLP_PROTO, KafkaReceiverConfig.Encoding.class);
        String groupId = nonEmpty(node, "group_id", KafkaReceiverConfig.DEFAULT_GROUP_ID);
        String clientId = nonEmpty(node, "client_id", KafkaReceiverConfig.DEFAULT_CLIENT_ID);
        KafkaReceiverConfig.InitialOffset initialOffset = node.choice(
                "initial_offset", KafkaReceiverConfig.InitialOffset.LATEST, KafkaReceiverConfig.InitialOffset.class);

        ConfigNode auth = node.object("auth");
        KafkaReceiverConfig.Sasl sasl = sasl(auth.object("sasl"));
        TlsClientConfig tls = null;
        if (auth.has("tls") && node.has("tls")) {
            node.error("tls", "set tls either here or under auth, not both");
        } else if (auth.has("tls")) {
            tls = TlsConfigParser.client(auth.object("tls"));
        } else if (node.has("tls")) {
            tls = TlsConfigParser.client(node.object("tls"));
        }
        auth.finish();
        node.finish();
        return new KafkaReceiverConfig(id, brokers, topic, encoding, groupId, clientId, initialOffset, sasl, tls);
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

    private static String nonEmpty(ConfigNode node, String key, String defaultValue) {
        String value = node.string(key, defaultValue);
        if (value.isEmpty()) {
            node.error(key, "must not be empty");
            return defaultValue;
        }
        return value;
    }
}
