package io.github.otelflink.bench;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * What {@link EndToEndBenchmark} asks of its load, whatever the input ({@link OtlpLoadGenerator} for
 * OTLP, {@link KafkaLoadGenerator} for a topic): the counters it reports, its own CPU, and the one
 * global schedule both follow, so every input is offered the same requests at the same times.
 *
 * <p>Request k is due at {@code start + k * POINTS_PER_REQUEST / rate} s ({@code rate} 0: at once)
 * and carries block {@code k mod blocks} of the series at round {@code k / blocks}; a round's
 * timestamp is {@code start + round * step} ms, so each series' timestamps strictly increase and
 * track the clock at the nominal rate.
 */
abstract class LoadGenerator implements AutoCloseable {
    /** The job's ingress under load: OTLP over HTTP (protobuf or JSON) or gRPC, or its Kafka receiver. */
    enum Input { HTTP, JSON, GRPC, KAFKA }

    private final OtlpGaugeRequests requests;
    private final long startMillis = System.currentTimeMillis();
    private final long roundStepMillis;
    private final long nanosPerRequest;
    private final AtomicLong nextRequest = new AtomicLong();
    private long startNanos;
    volatile boolean running = true;

    /** Samples offered (OTLP: sent for the first time; Kafka: acknowledged by the broker), accepted, refusals, failures. */
    final LongAdder offered = new LongAdder();
    final LongAdder accepted = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder failed = new LongAdder();

    LoadGenerator(OtlpGaugeRequests requests, double rate) {
        this.requests = requests;
        this.roundStepMillis = rate > 0 ? Math.max(1, Math.round(requests.series() * 1000.0 / rate)) : 1;
        this.nanosPerRequest = rate > 0 ? (long) (1e9 * OtlpGaugeRequests.POINTS_PER_REQUEST / rate) : 0;
    }

    /** Starts sending; {@code connections} is the OTLP generator's number of connections. */
    abstract void start(int connections);

    /** CPU seconds of the sending threads so far (the generator's own cost, apart from the benchmark JVM's). */
    abstract double cpuSeconds();

    /** Requests refused (and sent again later), for the report: a count, or "n/a" where the input cannot refuse. */
    String refusedRequests() {
        return String.format(Locale.ROOT, "%,d", refused.sum());
    }

    /** Stops sending and waits for the sending threads. */
    @Override
    public abstract void close() throws InterruptedException;

    /** The schedule's time zero: called by {@link #start}, before any sending thread starts. */
    final void startSchedule() {
        startNanos = System.nanoTime();
    }

    /** Claims the next request of the schedule and waits until it is due: its number, or -1 once stopped. */
    final long awaitNextRequest() {
        long k = nextRequest.getAndIncrement();
        if (nanosPerRequest > 0) {
            long due = startNanos + k * nanosPerRequest;
            for (long wait = due - System.nanoTime(); wait > 0 && running; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
        }
        return running ? k : -1;
    }

    /** Request {@code k} into {@code buffer} (at least {@link OtlpGaugeRequests#maxRequestBytes} long): its length. */
    final int render(long k, byte[] buffer) {
        int block = (int) (k % requests.requestCount());
        long round = k / requests.requestCount();
        long timestampNanos = (startMillis + round * roundStepMillis) * 1_000_000L;
        return requests.render(block, round, timestampNanos, buffer);
    }

    final int maxRequestBytes() {
        return requests.maxRequestBytes();
    }
}
