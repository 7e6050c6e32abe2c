package io.github.otelflink.connectors.kafka;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * The settings of a small producer that writes to a dead-letter topic: the Kafka source's for its
 * undecodable records, the remote-write sink's (in the job) for the points it drops.
 */
public final class DeadLetterProducerProperties {
    private DeadLetterProducerProperties() {}

    /**
     * Byte-array key and value, every in-sync replica acknowledges, no idempotence (duplicates in a
     * dead-letter topic are harmless, and idempotence would need an extra ACL), no linger, and
     * bounded waits so that an unreachable topic costs seconds, not minutes.
     *
     * @param connection bootstrap servers and security settings, as Kafka client properties
     * @param clientId the prefix of the producer's client id
     */
    public static Properties of(Map<String, String> connection, String clientId) {
        Properties p = new Properties();
        p.putAll(connection);
        p.setProperty(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-dead-letter-" + UUID.randomUUID().toString().substring(0, 8));
        p.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        p.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        p.setProperty(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.setProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        p.setProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.setProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000");
        return p;
    }
}
