package io.github.otelflink.connectors.otlp;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import javax.annotation.Nullable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * The ingress' own metrics, on the source reader's metric group, named as the Collector's
 * receiver metrics so that existing dashboards and alerts carry over:
 *
 * <ul>
 *   <li>{@code otelcol_receiver_accepted_metric_points{transport}}: data points put into the job;
 *   <li>{@code otelcol_receiver_refused_metric_points{transport}}: data points not put into the job
 *       (rejected as unusable, or refused because the queue was full or the source stopping);
 *   <li>{@code requests_total{transport, code}}: answered requests by HTTP status or gRPC code;
 *   <li>{@code pending_requests}: requests queued and not yet emitted;
 *   <li>{@code waiting_requests}: requests that found the queue full and wait for room, their
 *       clients not answered yet (their points are counted accepted or refused when they are).
 * </ul>
 *
 * <p>{@code transport} is {@code grpc} or {@code http}. Counters are updated from the servers'
 * threads, so they are thread-safe (Flink's {@code SimpleCounter} is not).
 */
final class IngressMetrics {

    static final String ACCEPTED_POINTS = "otelcol_receiver_accepted_metric_points";
    static final String REFUSED_POINTS = "otelcol_receiver_refused_metric_points";
    static final String REQUESTS = "requests_total";
    static final String PENDING_REQUESTS = "pending_requests";
    static final String WAITING_REQUESTS = "waiting_requests";

    private final MetricGroup group;
    private final Map<String, ConcurrentCounter> counters = new ConcurrentHashMap<>();

    IngressMetrics(MetricGroup group) {
        this.group = group;
    }

    void registerPendingRequests(Gauge<Integer> pending) {
        group.gauge(PENDING_REQUESTS, pending);
    }

    void registerWaitingRequests(Gauge<Integer> waiting) {
        group.gauge(WAITING_REQUESTS, waiting);
    }

    void acceptedPoints(String transport, long points) {
        if (points > 0) {
            counter(transport, null, ACCEPTED_POINTS).inc(points);
        }
    }

    void refusedPoints(String transport, long points) {
        if (points > 0) {
            counter(transport, null, REFUSED_POINTS).inc(points);
        }
    }

    void request(String transport, String code) {
        counter(transport, code, REQUESTS).inc();
    }

    /** The current value of a counter, 0 if it was never incremented. */
    long count(String transport, @Nullable String code, String name) {
        ConcurrentCounter counter = counters.get(key(transport, code, name));
        return counter == null ? 0 : counter.getCount();
    }

    private ConcurrentCounter counter(String transport, @Nullable String code, String name) {
        String key = key(transport, code, name);
        ConcurrentCounter counter = counters.get(key);
        if (counter != null) {
            return counter;
        }
        // Registration is rare; one lock keeps Flink's metric groups from being changed concurrently.
        synchronized (counters) {
            return counters.computeIfAbsent(key, unused -> {
                MetricGroup target = group.addGroup("transport", transport);
                if (code != null) {
                    target = target.addGroup("code", code);
                }
                return target.counter(name, new ConcurrentCounter());
            });
        }
    }

    private static String key(String transport, @Nullable String code, String name) {
        return transport + '/' + code + '/' + name;
    }

    /** A counter safe to increment from many threads. */
    static final class ConcurrentCounter implements Counter {
        private final LongAdder count = new LongAdder();

        @Override
        public void inc() {
            count.increment();
        }

        @Override
        public void inc(long n) {
            count.add(n);
        }

        @Override
        public void dec() {
            count.decrement();
        }

        @Override
        public void dec(long n) {
            count.add(-n);
        }

        @Override
        public long getCount() {
            return count.sum();
        }
    }
}
