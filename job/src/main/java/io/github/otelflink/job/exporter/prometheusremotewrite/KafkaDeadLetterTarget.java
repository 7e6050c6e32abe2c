package io.github.otelflink.job.exporter.prometheusremotewrite;

import io.github.otelflink.connectors.kafka.DeadLetterProducerProperties;
import io.github.otelflink.job.receiver.kafka.KafkaClientAuth;
import io.github.otelflink.sink.remotewrite.deadletter.DeadLetter;
import io.github.otelflink.sink.remotewrite.deadletter.DeadLetterJson;
import io.github.otelflink.sink.remotewrite.deadletter.DeadLetterOutput;
import io.github.otelflink.sink.remotewrite.deadletter.DeadLetterTarget;
import io.github.otelflink.sink.remotewrite.model.Labels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code dead_letter.kafka}: each dead letter is one record of {@code topic}, its value the same
 * JSON line as in the files ({@link DeadLetterJson}), its key the series' labels (so one series'
 * letters stay in one partition, in order). Sends are asynchronous; {@link DeadLetterOutput#flush()}
 * (before each checkpoint) waits for every acknowledgement and fails when one send failed, which
 * fails the checkpoint and the job: it restarts from the previous checkpoint and writes the letters
 * again.
 *
 * @param brokers bootstrap servers, {@code host:port}
 * @param topic the dead-letter topic
 * @param auth SASL and TLS, as the kafka receiver's ({@code auth.sasl}, {@code tls})
 */
public record KafkaDeadLetterTarget(List<String> brokers, String topic, KafkaClientAuth auth) implements DeadLetterTarget {
    private static final long serialVersionUID = 1L;

    public KafkaDeadLetterTarget {
        brokers = List.copyOf(brokers);
        auth = auth == null ? KafkaClientAuth.NONE : auth;
    }

    @Override
    public DeadLetterOutput open(int subtaskIndex, int attemptNumber) {
        Map<String, String> connection = new HashMap<>();
        auth.clientProperties(brokers).forEach((k, v) -> connection.put((String) k, (String) v));
        return new Output(topic, new KafkaProducer<>(
                DeadLetterProducerProperties.of(connection, "otel-flink-sink-" + subtaskIndex)));
    }

    /** One subtask's producer; thread-safe as {@link KafkaProducer} is. */
    static final class Output implements DeadLetterOutput {
        private final String topic;
        private final Producer<byte[], byte[]> producer;
        private final AtomicReference<Exception> failure = new AtomicReference<>();

        Output(String topic, Producer<byte[], byte[]> producer) {
            this.topic = topic;
            this.producer = producer;
        }

        @Override
        public void write(DeadLetter letter) throws IOException {
            check();
            byte[] key = key(letter.points().labels()).getBytes(StandardCharsets.UTF_8);
            byte[] value = DeadLetterJson.encode(letter).getBytes(StandardCharsets.UTF_8);
            try {
                producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    }
                });
            } catch (RuntimeException e) {
                throw new IOException("cannot write to dead-letter topic '" + topic + "': " + e, e);
            }
        }

        @Override
        public void flush() throws IOException {
            producer.flush();
            check();
        }

        @Override
        public void close() throws IOException {
            producer.close(Duration.ofSeconds(5));
            check();
        }

        private void check() throws IOException {
            Exception e = failure.get();
            if (e != null) {
                throw new IOException("a dead letter was not written to topic '" + topic + "': " + e, e);
            }
        }

        /** {@code {__name__="up", job="a"}}: the series, as Prometheus prints it. */
        private static String key(Labels labels) {
            StringBuilder b = new StringBuilder("{");
            for (int i = 0; i < labels.size(); i++) {
                b.append(i == 0 ? "" : ", ").append(labels.name(i)).append("=\"")
                        .append(labels.value(i).replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"))
                        .append('"');
            }
            return b.append('}').toString();
        }
    }
}
