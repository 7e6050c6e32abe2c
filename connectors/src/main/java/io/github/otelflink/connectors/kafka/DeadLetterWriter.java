package io.github.otelflink.connectors.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Writes records that do not decode to the dead-letter topic: same value bytes and headers, key
 * {@code topic/partition/offset} of the original, and headers naming the error and the origin.
 *
 * <p>Each write waits for the broker's acknowledgement (malformed records are rare, and a record the
 * source has moved past must not be lost if the job fails before an asynchronous send completes). If
 * the topic cannot be written, the failure is reported and for {@link #BACKOFF} every further write
 * fails at once: an unreachable dead-letter topic costs the reader at most one bounded wait (about
 * {@link #SEND_TIMEOUT}) every {@link #BACKOFF}, never a stalled partition.
 */
final class DeadLetterWriter implements AutoCloseable {
    static final String HEADER_ERROR = "otlp.error";
    static final String HEADER_ENCODING = "otlp.encoding";
    static final String HEADER_TOPIC = "otlp.source.topic";
    static final String HEADER_PARTITION = "otlp.source.partition";
    static final String HEADER_OFFSET = "otlp.source.offset";
    static final String HEADER_TIMESTAMP = "otlp.source.timestamp";

    static final Duration SEND_TIMEOUT = Duration.ofSeconds(15);
    static final Duration BACKOFF = Duration.ofSeconds(30);
    private static final int MAX_ERROR_CHARS = 1000;

    private final String topic;
    private final Producer<byte[], byte[]> producer;
    private long unavailableUntilNanos;
    private String lastFailure;

    DeadLetterWriter(String topic, Producer<byte[], byte[]> producer) {
        this.topic = topic;
        this.producer = producer;
    }

    /** A writer with its own small producer on the source's connection settings. */
    static DeadLetterWriter create(String topic, Map<String, String> connection, String clientId) {
        return create(topic, connection, clientId, KafkaProducer::new);
    }

    static DeadLetterWriter create(String topic, Map<String, String> connection, String clientId,
            Function<Properties, Producer<byte[], byte[]>> factory) {
        Properties p = DeadLetterProducerProperties.of(connection, clientId);
        return new DeadLetterWriter(topic, factory.apply(p));
    }

    String topic() {
        return topic;
    }

    /**
     * Writes the record and waits for the acknowledgement.
     *
     * @throws DeadLetterException if it could not be written (it is then lost; the caller counts it)
     */
    void write(ConsumerRecord<byte[], byte[]> record, String encoding, String error) throws DeadLetterException {
        long now = System.nanoTime();
        if (lastFailure != null && now - unavailableUntilNanos < 0) {
            throw new DeadLetterException("dead-letter topic '" + topic + "' unavailable, not retried for "
                    + BACKOFF.toSeconds() + "s after: " + lastFailure, null);
        }
        RecordHeaders headers = new RecordHeaders();
        for (Header h : record.headers()) {
            headers.add(h);
        }
        headers.add(HEADER_ERROR, utf8(truncate(error)));
        headers.add(HEADER_ENCODING, utf8(encoding));
        headers.add(HEADER_TOPIC, utf8(record.topic()));
        headers.add(HEADER_PARTITION, utf8(Integer.toString(record.partition())));
        headers.add(HEADER_OFFSET, utf8(Long.toString(record.offset())));
        headers.add(HEADER_TIMESTAMP, utf8(Long.toString(record.timestamp())));
        byte[] key = utf8(record.topic() + "/" + record.partition() + "/" + record.offset());
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(topic, null, key, record.value(), headers);
        try {
            producer.send(out).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            lastFailure = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail("interrupted", e);
        } catch (ExecutionException e) {
            throw fail(String.valueOf(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw fail("no acknowledgement within " + SEND_TIMEOUT.toSeconds() + "s", e);
        } catch (RuntimeException e) {
            throw fail(e.toString(), e);
        }
    }

    private DeadLetterException fail(String why, Throwable cause) {
        lastFailure = why;
        unavailableUntilNanos = System.nanoTime() + BACKOFF.toNanos();
        return new DeadLetterException("cannot write to dead-letter topic '" + topic + "': " + why, cause);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    private static String truncate(String s) {
        String v = s == null ? "unknown error" : s;
        return v.length() <= MAX_ERROR_CHARS ? v : v.substring(0, MAX_ERROR_CHARS) + "...";
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A record could not be written to the dead-letter topic. */
    static final class DeadLetterException extends Exception {
        private static final long serialVersionUID = 1L;

        DeadLetterException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
