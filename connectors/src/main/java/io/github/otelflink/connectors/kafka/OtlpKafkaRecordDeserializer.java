package io.github.otelflink.connectors.kafka;

import io.github.otelflink.connectors.OtlpMetricsTypeInfo;
import io.github.otelflink.connectors.InternalFields;
import io.github.otelflink.connectors.UndecodedRequest;
import io.github.otelflink.connectors.decode.MalformedOtlpException;
import io.github.otelflink.connectors.decode.OtlpMetricsDecoder;
import io.github.otelflink.connectors.decode.OtlpMetricsValidator;
import io.github.otelflink.connectors.decode.OtlpWireScan;
import io.github.otelflink.connectors.kafka.KafkaOtlpSourceOptions.Encoding;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.util.Collector;
import org.apache.flink.util.UserCodeClassLoader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Properties;
import java.util.UUID;

/**
 * Decodes each Kafka record's value as an OTLP {@code ExportMetricsServiceRequest} ({@code
 * otlp_proto} or {@code otlp_json}). A record that does not decode is counted in {@value
 * #MALFORMED_RECORDS} and skipped, or written to the dead-letter topic when one is configured, and
 * logged at most every {@value #LOG_INTERVAL_MS} ms; it never throws, so it can neither fail the job
 * nor stall the partition in a restart loop. Requests without any resource metrics are dropped.
 *
 * <p>Metrics (in the source reader's {@code deserializer} group): {@value #ACCEPTED_POINTS} (data
 * points decoded, as the Collector's receivers count them), {@value #MALFORMED_RECORDS}, {@value
 * #DEAD_LETTERED_RECORDS} and {@value #DEAD_LETTER_FAILED_RECORDS} (malformed records that could not
 * be written to the dead-letter topic, hence lost).
 */
public final class OtlpKafkaRecordDeserializer implements KafkaRecordDeserializationSchema<ExportMetricsServiceRequest> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(OtlpKafkaRecordDeserializer.class);

    public static final String ACCEPTED_POINTS = "otelcol_receiver_accepted_metric_points";
    public static final String MALFORMED_RECORDS = "otlp_records_malformed_total";
    public static final String DEAD_LETTERED_RECORDS = "otlp_records_dead_lettered_total";
    public static final String DEAD_LETTER_FAILED_RECORDS = "otlp_records_dead_letter_failed_total";
    static final long LOG_INTERVAL_MS = 10_000;

    private final Encoding encoding;
    private final boolean passUndecoded;
    private final String deadLetterTopic;
    private final String clientId;
    /** Connection settings for the dead-letter producer (bootstrap servers, security). */
    private final HashMap<String, String> connection;

    private transient Counter acceptedPoints;
    private transient Counter malformedRecords;
    private transient Counter deadLettered;
    private transient Counter deadLetterFailed;
    private transient ThrottledLog malformedLog;
    private transient ThrottledLog deadLetterLog;
    private transient UserCodeClassLoader userCodeClassLoader;
    private transient DeadLetterWriter deadLetterWriter;

    public OtlpKafkaRecordDeserializer(KafkaOtlpSourceOptions options) {
        this.encoding = options.encoding();
        this.passUndecoded = options.passUndecoded() && encoding == Encoding.OTLP_PROTO;
        this.deadLetterTopic = options.deadLetterTopic();
        this.clientId = options.clientId();
        this.connection = new HashMap<>();
        if (deadLetterTopic != null) {
            Properties props = KafkaOtlpSource.kafkaClientProperties(options);
            props.stringPropertyNames().forEach(k -> connection.put(k, props.getProperty(k)));
        }
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        MetricGroup group = context.getMetricGroup();
        acceptedPoints = group.counter(ACCEPTED_POINTS);
        malformedRecords = group.counter(MALFORMED_RECORDS);
        deadLettered = group.counter(DEAD_LETTERED_RECORDS);
        deadLetterFailed = group.counter(DEAD_LETTER_FAILED_RECORDS);
        userCodeClassLoader = context.getUserCodeClassLoader();
        ensureLogs();
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ExportMetricsServiceRequest> out) {
        if (malformedRecords == null) {
            openWithoutContext();
        }
        byte[] value = record.value();
        long points = passUndecoded && value != null ? OtlpWireScan.points(value, 0, value.length) : OtlpWireScan.NOT_SCANNED;
        if (points > 0) {
            // A producer cannot write the internal fields here: the scan takes no field but resource_metrics.
            acceptedPoints.inc(points);
            out.collect(UndecodedRequest.wrap(value, points));
            return;
        }
        ExportMetricsServiceRequest request;
        try {
            if (value == null) {
                throw new MalformedOtlpException("record has no value (tombstone)");
            }
            request = encoding == Encoding.OTLP_JSON
                    ? OtlpMetricsDecoder.decodeJson(value)
                    : OtlpMetricsDecoder.decodeProtobuf(value);
        } catch (MalformedOtlpException e) {
            // The message says what and where; the stack trace would add nothing.
            malformed(record, e.getMessage(), null);
            return;
        } catch (RuntimeException | StackOverflowError e) {
            // A decoder bug must not stall the partition either: treat the record as malformed.
            malformed(record, e.toString(), e);
            return;
        }
        if (request.getResourceMetricsCount() == 0) {
            return;
        }
        // Records carry no client metadata nor undecoded bodies: a producer must not write the internal fields.
        request = InternalFields.stripClientWritten(request);
        acceptedPoints.inc(OtlpMetricsValidator.countDataPoints(request));
        out.collect(request);
    }

    private void malformed(ConsumerRecord<byte[], byte[]> record, String error, Throwable cause) {
        malformedRecords.inc();
        String where = record.topic() + "/" + record.partition() + "@" + record.offset();
        if (deadLetterTopic == null) {
            malformedLog.warn("Skipped malformed " + encoding.configName() + " record " + where + ": " + error, cause);
            return;
        }
        malformedLog.warn("Malformed " + encoding.configName() + " record " + where + " goes to dead-letter topic '"
                + deadLetterTopic + "': " + error, cause);
        try {
            deadLetterWriter().write(record, encoding.configName(), error);
            deadLettered.inc();
        } catch (DeadLetterWriter.DeadLetterException | RuntimeException e) {
            deadLetterFailed.inc();
            deadLetterLog.warn("Lost malformed record " + where + ": " + e.getMessage(), e);
        }
    }

    private DeadLetterWriter deadLetterWriter() {
        if (deadLetterWriter == null) {
            DeadLetterWriter writer = DeadLetterWriter.create(deadLetterTopic, connection, clientId);
            deadLetterWriter = writer;
            // The schema has no close(): release the producer with the job's class loader.
            if (userCodeClassLoader != null) {
                userCodeClassLoader.registerReleaseHookIfAbsent(
                        "otlp-dead-letter-producer-" + UUID.randomUUID(), writer::close);
            }
        }
        return deadLetterWriter;
    }

    /** Uses the given writer instead of creating one (tests). */
    void useDeadLetterWriter(DeadLetterWriter writer) {
        this.deadLetterWriter = writer;
    }

    /** Counters that go nowhere, for callers that never call {@link #open}. */
    private void openWithoutContext() {
        acceptedPoints = new SimpleCounter();
        malformedRecords = new SimpleCounter();
        deadLettered = new SimpleCounter();
        deadLetterFailed = new SimpleCounter();
        ensureLogs();
    }

    private void ensureLogs() {
        if (malformedLog == null) {
            malformedLog = new ThrottledLog(LOG, LOG_INTERVAL_MS);
            deadLetterLog = new ThrottledLog(LOG, LOG_INTERVAL_MS);
        }
    }

    @Override
    public TypeInformation<ExportMetricsServiceRequest> getProducedType() {
        return OtlpMetricsTypeInfo.INSTANCE;
    }

}
