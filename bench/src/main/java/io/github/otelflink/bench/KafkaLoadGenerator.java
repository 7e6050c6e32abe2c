package io.github.otelflink.bench;

import io.github.otelflink.testing.InJvmKafka;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Produces {@link OtlpGaugeRequests}' protobuf requests to a Kafka topic, as the Collector's kafka
 * exporter does with {@code encoding: otlp_proto}: one record per request, its value the raw
 * {@code ExportMetricsServiceRequest} bytes, no key. One thread follows {@link LoadGenerator}'s
 * global schedule (the same requests at the same times as over HTTP) and hands each record to a
 * {@link KafkaProducer}, which sends asynchronously. Offered and accepted are the samples in
 * records the broker acknowledged; Kafka refuses nothing: a job that reads slower than the
 * producer writes leaves a backlog in the topic, not a refusal here.
 */
final class KafkaLoadGenerator extends LoadGenerator {
    static final String TOPIC = "otlp_metrics";
    /** The job runs at parallelism 2: one partition for each Kafka source subtask. */
    static final int PARTITIONS = 2;
    private static final String CLIENT_ID = "bench-load";

    private final KafkaProducer<byte[], byte[]> producer;
    private final List<Thread> threads = new ArrayList<>();

    KafkaLoadGenerator(OtlpGaugeRequests requests, String bootstrapServers, double rate) {
        super(requests, rate);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, CLIENT_ID);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        // acks=all: "acknowledged" then means committed, readable by the job's consumer, so offered
        // counts only what the job can read; the producer's default idempotence (no duplicate
        // records on a retry, which would count as delivered twice) requires it. With one broker
        // and one replica it costs what acks=1 costs.
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // A request is ~130 KB, larger than the default 16 KiB batch: without a larger batch every
        // record would go alone. 5 ms lets records that are due together (rate 0, or catching up
        // after a pause) share a produce request; at the default rate one is due every 10 ms anyway.
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(512 << 10));
        // No compression (the producer's default), as the OTLP inputs here send uncompressed: it
        // would add decompression to the job's CPU and compression to this JVM's.
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        producer = new KafkaProducer<>(p);
    }

    @Override
    void start(int connections) {
        // One thread: rendering is a memcpy and send() only appends to a batch; the producer's own
        // network thread does the sending. Threads started before it stay out of cpuSeconds().
        startSchedule();
        Thread t = new Thread(this::loop, "kafka-load");
        t.setDaemon(true);
        threads.add(t);
        t.start();
        for (Thread network : Thread.getAllStackTraces().keySet()) {
            if (network.getName().equals("kafka-producer-network-thread | " + CLIENT_ID)) {
                threads.add(network);
            }
        }
    }

    private void loop() {
        byte[] buffer = new byte[maxRequestBytes()];
        for (long k; (k = awaitNextRequest()) >= 0; ) {
            // A fresh array per record: the producer holds on to the value until it is in a batch.
            byte[] value = Arrays.copyOf(buffer, render(k, buffer));
            // Partitions in turn rather than the sticky partitioner's runs of records, so both source
            // subtasks get the same share from the first second on.
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(TOPIC, (int) (k % PARTITIONS), null, value);
            try {
                producer.send(record, (metadata, e) -> {
                    if (e == null) {
                        offered.add(OtlpGaugeRequests.POINTS_PER_REQUEST);
                        accepted.add(OtlpGaugeRequests.POINTS_PER_REQUEST);
                    } else {
                        failed.increment();
                    }
                });
            } catch (KafkaException e) {
                failed.increment();
            }
        }
    }

    @Override
    String refusedRequests() {
        return "n/a";
    }

    @Override
    double cpuSeconds() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long ns = 0;
        for (Thread t : threads) {
            ns += Math.max(0, mx.getThreadCpuTime(t.getId()));
        }
        return ns / 1e9;
    }

    /**
     * One record with one sample of its own series ({@code bench_kafka_probe}), sent and acknowledged:
     * the job has read it once its sample arrives at the receiver. With {@code initial_offset:
     * earliest} it is read however late the job's source starts.
     */
    static void sendProbe(InJvmKafka kafka) throws Exception {
        NumberDataPoint point = NumberDataPoint.newBuilder()
                .setTimeUnixNano(TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis())).setAsDouble(1).build();
        ExportMetricsServiceRequest probe = ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder().addScopeMetrics(ScopeMetrics.newBuilder()
                        .addMetrics(Metric.newBuilder().setName("bench_kafka_probe")
                                .setGauge(Gauge.newBuilder().addDataPoints(point)))))
                .build();
        try (KafkaProducer<byte[], byte[]> p = kafka.producer()) {
            p.send(new ProducerRecord<>(TOPIC, probe.toByteArray())).get(30, TimeUnit.SECONDS);
        }
    }

    /** Stops the schedule, then sends what the producer still holds (acknowledged records still count). */
    @Override
    public void close() throws InterruptedException {
        running = false;
        if (!threads.isEmpty()) {
            threads.get(0).join(10_000);
        }
        producer.close(Duration.ofSeconds(10));
    }
}
