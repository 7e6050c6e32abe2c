package io.github.otelflink.job.receiver.kafka;

import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.config.ComponentParser;
import io.github.otelflink.job.config.ConfigNode;
import io.github.otelflink.job.config.Endpoints;
import java.util.List;

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

        KafkaClientAuth auth = KafkaClientAuth.parse(node);
        node.finish();
        return new KafkaReceiverConfig(id, brokers, topic, encoding, groupId, clientId, initialOffset, auth.sasl(), auth.tls());
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
