package io.github.otelflink.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.connectors.kafka.KafkaOtlpSourceOptions.Encoding;
import io.github.otelflink.connectors.kafka.KafkaOtlpSourceOptions.InitialOffset;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The Kafka source against a real broker (an in-JVM KRaft node from Kafka's test kit) and a Flink
 * MiniCluster: records written as the Collector's kafka exporter writes them arrive decoded,
 * malformed records are counted and skipped or dead-lettered, and a failed job resumes from its
 * checkpointed offsets. One broker for the whole class.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KafkaOtlpSourceITCase {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
                    .build());

    private static KafkaClusterTestKit kafka;
    private static Admin admin;
    private static KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        kafka.format();
        kafka.startup();
        kafka.waitForReadyBrokers();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // On a loaded 2-core machine request timeouts made the idempotent producer lose its
        // sequence state (OutOfOrderSequenceException) and records; one in flight, synchronous
        // sends and no idempotence keep the test data exact.
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer = new KafkaProducer<>(p);
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void everyRequestArrivesDecoded() throws Exception {
        String topic = createTopic("otlp_metrics", 3);
        int n = 30;
        for (int i = 0; i < n; i++) {
            send(topic, i % 3, OtlpTestRequests.request(i).toByteArray());
        }
        producer.flush();

        Run run = runBounded(options(topic).build(), 2);

        assertThat(run.output).hasSize(n);
        assertThat(run.output.stream().map(OtlpTestRequests::seq)).containsExactlyInAnyOrderElementsOf(range(n));
        run.output.forEach(r -> assertThat(r).isEqualTo(OtlpTestRequests.request(OtlpTestRequests.seq(r))));
        assertThat(run.counter(OtlpKafkaRecordDeserializer.ACCEPTED_POINTS))
                .isEqualTo((long) n * OtlpTestRequests.POINTS_PER_REQUEST);
        assertThat(run.counter(OtlpKafkaRecordDeserializer.MALFORMED_RECORDS)).isZero();
    }

    @Test
    void malformedRecordBetweenGoodOnesIsCountedAndSkipped() throws Exception {
        String topic = createTopic("malformed", 1);
        send(topic, 0, OtlpTestRequests.request(0).toByteArray());
        send(topic, 0, OtlpTestRequests.malformedProtobuf());
        send(topic, 0, OtlpTestRequests.request(1).toByteArray());
        send(topic, 0, null); // a tombstone
        send(topic, 0, OtlpTestRequests.request(2).toByteArray());
        producer.flush();

        Run run = runBounded(options(topic).build(), 1);

        assertThat(run.output.stream().map(OtlpTestRequests::seq)).containsExactly(0, 1, 2);
        assertThat(run.counter(OtlpKafkaRecordDeserializer.MALFORMED_RECORDS)).isEqualTo(2);
        assertThat(run.counter(OtlpKafkaRecordDeserializer.ACCEPTED_POINTS))
                .isEqualTo(3L * OtlpTestRequests.POINTS_PER_REQUEST);
    }

    @Test
    void malformedRecordGoesToTheDeadLetterTopic() throws Exception {
        String topic = createTopic("dlq_source", 1);
        String deadLetters = createTopic("dlq", 1);
        byte[] bad = OtlpTestRequests.malformedProtobuf();
        send(topic, 0, OtlpTestRequests.request(0).toByteArray());
        send(topic, 0, bad);
        send(topic, 0, OtlpTestRequests.request(1).toByteArray());
        producer.flush();

        Run run = runBounded(options(topic).deadLetterTopic(deadLetters).build(), 1);

        assertThat(run.output.stream().map(OtlpTestRequests::seq)).containsExactly(0, 1);
        assertThat(run.counter(OtlpKafkaRecordDeserializer.MALFORMED_RECORDS)).isEqualTo(1);
        assertThat(run.counter(OtlpKafkaRecordDeserializer.DEAD_LETTERED_RECORDS)).isEqualTo(1);
        List<ConsumerRecord<byte[], byte[]>> dead = readAll(deadLetters, 1);
        assertThat(dead).hasSize(1);
        ConsumerRecord<byte[], byte[]> record = dead.get(0);
        assertThat(record.value()).isEqualTo(bad);
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(topic + "/0/1");
        assertThat(header(record, DeadLetterWriter.HEADER_ERROR)).startsWith("invalid protobuf ExportMetricsServiceRequest");
        assertThat(header(record, DeadLetterWriter.HEADER_TOPIC)).isEqualTo(topic);
        assertThat(header(record, DeadLetterWriter.HEADER_OFFSET)).isEqualTo("1");
    }

    @Test
    void jsonEncodingIsDecoded() throws Exception {
        String topic = createTopic("json", 2);
        for (int i = 0; i < 6; i++) {
            send(topic, i % 2, OtlpTestRequests.json(i));
        }
        send(topic, 0, "{\"resourceMetrics\":[{".getBytes(StandardCharsets.UTF_8));
        producer.flush();

        Run run = runBounded(options(topic).encoding(Encoding.OTLP_JSON).build(), 1);

        assertThat(run.output).containsExactlyInAnyOrderElementsOf(
                range(6).stream().map(OtlpTestRequests::request).toList());
        assertThat(run.counter(OtlpKafkaRecordDeserializer.MALFORMED_RECORDS)).isEqualTo(1);
    }

    @Test
    void failedJobResumesFromCheckpointedOffsetsAndLosesNothing() throws Exception {
        String topic = createTopic("checkpointed", 2);
        int n = 150;
        for (int i = 0; i < n; i++) {
            send(topic, i % 2, OtlpTestRequests.request(i).toByteArray());
        }
        producer.flush();
        String groupId = "group-" + topic;
        FailOnceAfterCheckpoint.reset();
        ContentKeyedSink.ARRIVALS.clear();

        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        env.enableCheckpointing(100);
        KafkaSource<ExportMetricsServiceRequest> source = KafkaOtlpSource.create(options(topic).groupId(groupId).build());
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka-otlp")
                .map(new FailOnceAfterCheckpoint())
                .returns(io.github.otelflink.connectors.OtlpMetricsTypeInfo.INSTANCE)
                .sinkTo(new ContentKeyedSink());
        JobClient job = env.executeAsync("checkpointed-kafka-otlp");
        try {
            waitUntil(() -> ContentKeyedSink.ARRIVALS.size() == n, Duration.ofMinutes(2), "all records collected");
            // Offsets of completed checkpoints are also committed to the group, for visibility. (The
            // broker shows later commits only after some seconds; waiting for all n would cost ~10 s.)
            waitUntil(() -> committedOffsets(groupId, topic) > 0, Duration.ofSeconds(60), "offsets committed to the group");
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }

        assertThat(FailOnceAfterCheckpoint.FAILED).isTrue();
        long seenAtFailure = FailOnceAfterCheckpoint.SEEN_AT_FAILURE.get();
        long restoredSeen = FailOnceAfterCheckpoint.RESTORED_SEEN.get();
        assertThat(restoredSeen).as("records before the restored checkpoint").isPositive();
        assertThat(seenAtFailure).isGreaterThanOrEqualTo(restoredSeen).isLessThan(n);
        // Nothing lost, and idempotently collected exactly once per content.
        assertThat(ContentKeyedSink.ARRIVALS.keySet()).containsExactlyInAnyOrderElementsOf(range(n));
        // Only what followed the restored checkpoint was read twice: the source resumed from the
        // checkpointed offsets, not from the beginning or the end of the topic.
        int deliveries = ContentKeyedSink.ARRIVALS.values().stream().mapToInt(AtomicInteger::get).sum();
        assertThat(deliveries - n).isEqualTo(seenAtFailure - restoredSeen);
    }

    // ---------------------------------------------------------------------------------------------

    private static KafkaOtlpSourceOptions.Builder options(String topic) {
        return KafkaOtlpSourceOptions.builder()
                .brokers(kafka.bootstrapServers())
                .topic(topic)
                .groupId("group-" + topic)
                .clientId("client-" + topic)
                .initialOffset(InitialOffset.EARLIEST);
    }

    private static final AtomicInteger TOPICS = new AtomicInteger();

    private static String createTopic(String prefix, int partitions) throws Exception {
        String name = prefix + "-" + TOPICS.incrementAndGet();
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        return name;
    }

    private static void send(String topic, int partition, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, partition, null, value)).get(30, TimeUnit.SECONDS);
    }

    /** Runs the source bounded at the topic's current end and collects everything it emits. */
    @SuppressWarnings("try") // CloseableIterator.close() may throw InterruptedException
    private static Run runBounded(KafkaOtlpSourceOptions options, int parallelism) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        KafkaSource<ExportMetricsServiceRequest> source =
                KafkaOtlpSource.builder(options).setBounded(OffsetsInitializer.latest()).build();
        DataStream<ExportMetricsServiceRequest> stream =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka-otlp");
        List<ExportMetricsServiceRequest> output = new ArrayList<>();
        JobID jobId;
        try (CloseableIterator<ExportMetricsServiceRequest> it = stream.collectAsync()) {
            JobClient client = env.executeAsync("kafka-otlp-" + options.topic());
            jobId = client.getJobID();
            it.forEachRemaining(output::add);
            client.getJobExecutionResult().get(2, TimeUnit.MINUTES);
        }
        return new Run(jobId, output);
    }

    private record Run(JobID jobId, List<ExportMetricsServiceRequest> output) {
        /** Sum of the named counter over all subtasks of the job. */
        long counter(String name) {
            long sum = 0;
            for (Map.Entry<String, Metric> e : REPORTER.findMetrics(jobId, name).entrySet()) {
                if (e.getKey().endsWith("." + name) && e.getValue() instanceof Counter c) {
                    sum += c.getCount();
                }
            }
            return sum;
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            // Anything beyond the expected records would show up now.
            consumer.poll(Duration.ofMillis(300)).forEach(out::add);
        }
        return out;
    }

    /** Sum of the offsets the group has committed on the topic's partitions (-1 if unknown). */
    private static long committedOffsets(String groupId, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            Set<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .collect(Collectors.toSet());
            Map<TopicPartition, OffsetAndMetadata> offsets = consumer.committed(partitions, Duration.ofSeconds(10));
            return offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
        Header h = record.headers().lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    private static void waitUntil(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            LockSupport.parkNanos(50_000_000L); // pace the poll (it queries the broker)
        }
    }

    /**
     * Passes records through slowly and fails once, on the first record after a checkpoint that
     * covered some records completed. Keeps the number of records it passed in operator state, so
     * after the restore it knows how many the restored checkpoint covered.
     */
    static final class FailOnceAfterCheckpoint extends RichMapFunction<ExportMetricsServiceRequest, ExportMetricsServiceRequest>
            implements CheckpointedFunction, CheckpointListener {
        private static final long serialVersionUID = 1L;
        static final AtomicBoolean FAILED = new AtomicBoolean();
        static final AtomicLong SEEN_AT_FAILURE = new AtomicLong(-1);
        static final AtomicLong RESTORED_SEEN = new AtomicLong(-1);

        private transient ListState<Long> state;
        private transient Map<Long, Long> seenAtCheckpoint;
        private transient volatile boolean checkpointWithRecordsCompleted;
        private long seen;

        static void reset() {
            FAILED.set(false);
            SEEN_AT_FAILURE.set(-1);
            RESTORED_SEEN.set(-1);
        }

        @Override
        public void initializeState(FunctionInitializationContext context) throws Exception {
            state = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("seen", Long.class));
            seenAtCheckpoint = new ConcurrentHashMap<>();
            seen = 0;
            if (context.isRestored()) {
                for (Long s : state.get()) {
                    seen += s;
                }
                RESTORED_SEEN.set(seen);
            }
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) throws Exception {
            state.update(List.of(seen));
            seenAtCheckpoint.put(context.getCheckpointId(), seen);
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            Long s = seenAtCheckpoint.get(checkpointId);
            if (s != null && s > 0) {
                checkpointWithRecordsCompleted = true;
            }
        }

        @Override
        public ExportMetricsServiceRequest map(ExportMetricsServiceRequest value) throws Exception {
            LockSupport.parkNanos(4_000_000L); // slow the stream so checkpoints fall between records
            if (checkpointWithRecordsCompleted && !FAILED.getAndSet(true)) {
                SEEN_AT_FAILURE.set(seen);
                throw new RuntimeException("injected failure after a completed checkpoint");
            }
            seen++;
            return value;
        }
    }

    /** Collects requests keyed by their content (the seq attribute), counting deliveries. */
    static final class ContentKeyedSink implements Sink<ExportMetricsServiceRequest> {
        private static final long serialVersionUID = 1L;
        static final Map<Integer, AtomicInteger> ARRIVALS = new ConcurrentHashMap<>();

        @Override
        public SinkWriter<ExportMetricsServiceRequest> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(ExportMetricsServiceRequest element, Context ctx) {
                    ARRIVALS.computeIfAbsent(OtlpTestRequests.seq(element), k -> new AtomicInteger()).incrementAndGet();
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}
