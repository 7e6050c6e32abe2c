package io.github.otelflink.job.exporter.prometheusremotewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otelflink.job.deadletter.DeadLetterReader;
import io.github.otelflink.sink.remotewrite.deadletter.DeadLetter;
import io.github.otelflink.sink.remotewrite.deadletter.DeadLetterJson;
import io.github.otelflink.sink.remotewrite.deadletter.DeadLetterOutput;
import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;
import io.github.otelflink.sink.remotewrite.validate.DropReason;
import io.github.otelflink.testing.InJvmKafka;
import io.github.otelflink.testing.Poll;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/** {@code dead_letter.kafka} against an in-JVM Kafka broker: the same JSON lines, as record values. */
class KafkaDeadLetterTargetTest {
    private static DeadLetter letter(String name, long t) {
        return new DeadLetter(TimeSeries.ofSample(Labels.of("__name__", name, "job", "a\"b"), t, 1.5),
                DropReason.TOO_OLD, 400, "out of bounds", 1000);
    }

    @Test
    void writesEveryLetterAsOneRecordKeyedByItsSeriesAndAcknowledgedByFlush() throws Exception {
        try (InJvmKafka kafka = InJvmKafka.start()) {
            kafka.createTopic("dead", 2);
            KafkaDeadLetterTarget target = new KafkaDeadLetterTarget(List.of(kafka.bootstrapServers()), "dead");
            try (DeadLetterOutput output = target.open(0, 0)) {
                output.write(letter("a", 1));
                output.write(letter("b", 2));
                output.flush();
            }

            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "test",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
                consumer.subscribe(List.of("dead"));
                Poll.until(Duration.ofSeconds(30), "two dead letters in the topic", () -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                    return records.size() >= 2;
                });
            }
            assertThat(records).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .containsExactlyInAnyOrder(DeadLetterJson.encode(letter("a", 1)), DeadLetterJson.encode(letter("b", 2)));
            assertThat(records).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                    .containsExactlyInAnyOrder("{__name__=\"a\", job=\"a\\\"b\"}", "{__name__=\"b\", job=\"a\\\"b\"}");
            assertThat(DeadLetterReader.read(new String(records.get(0).value(), StandardCharsets.UTF_8)).sampleCount())
                    .isEqualTo(1);
        }
    }

    @Test
    void aLetterTheBrokerDidNotTakeFailsTheFlush() {
        // Nothing listens on port 1 of 127.0.0.1: the send times out (max.block.ms) or fails.
        KafkaDeadLetterTarget target = new KafkaDeadLetterTarget(List.of("127.0.0.1:1"), "dead");
        assertThatThrownBy(() -> {
            try (DeadLetterOutput output = target.open(0, 0)) {
                output.write(letter("a", 1));
                output.flush();
            }
        }).isInstanceOf(IOException.class).hasMessageContaining("dead");
    }
}
