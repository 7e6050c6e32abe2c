package io.github.otelflink.it.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.job.config.PipelineConfig;
import io.github.otelflink.job.config.PipelineConfigLoader;
import io.github.otelflink.job.pipeline.PipelineGraph;
import io.github.otelflink.job.receiver.ConnectorReceiverSources;
import io.github.otelflink.testing.FaultInjectingReceiver;
import io.github.otelflink.testing.FaultInjectingReceiver.HistogramPoint;
import io.github.otelflink.testing.FaultInjectingReceiver.RecordedRequest;
import io.github.otelflink.testing.FaultInjectingReceiver.Series;
import io.github.otelflink.testing.Poll;
import io.github.otelflink.testing.Scraper;
import io.github.otelflink.testing.proto.v2.WriteV2;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Remote write 2.0 {@code start_timestamp} end to end at parallelism 2: OTLP/HTTP requests into
 * the job's real ingress, out with {@code protobuf_message: io.prometheus.write.v2.Request} to the
 * test harness's recording receiver, which decodes 2.0 (a fake: Prometheus 2.42, the real one
 * here, has no remote write 2.0). Every counter sample (monotonic sum, each classic-histogram
 * series, native histogram) carries the OTLP start time in milliseconds; a delta sum's totals
 * carry the first delta's start time; gauges and non-monotonic sums carry none.
 */
class StartTimestampFakeReceiverITCase {
    private static final int REQUESTS = 20;
    private static final Duration WAIT = Duration.ofSeconds(90);

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void counterSamplesCarryTheOtlpStartTimeAndGaugesNone() throws Exception {
        int port = Scraper.freePort();
        long t0 = System.currentTimeMillis() - Duration.ofMinutes(10).toMillis();
        long startMs = t0 - 60_000;
        try (FaultInjectingReceiver receiver = FaultInjectingReceiver.start()) {
            // Answer as a 2.0 receiver does (with the written count), or the sink falls back to 1.0.
            receiver.respondWith(r -> FaultInjectingReceiver.Response.status(204)
                    .header("X-Prometheus-Remote-Write-Samples-Written", String.valueOf(r.sampleCount())));
            PipelineConfig config = PipelineConfigLoader.load(config(port, receiver.uri()), Map.of());
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            new PipelineGraph(config, new ConnectorReceiverSources(config)).build(env);
            JobClient job = env.executeAsync("start-timestamps");
            try {
                awaitListening(port);
                for (int i = 0; i < REQUESTS; i++) {
                    // One connection each, so the requests spread over both ingress subtasks.
                    int status = SeriesOrderAcrossSubtasksITCase.post(port, request(t0, startMs, i));
                    assertThat(status).as("OTLP answer to request %d", i).isEqualTo(200);
                }
                Poll.until(WAIT, "every point of every series at the receiver: " + arrived(receiver),
                        () -> arrived(receiver).values().stream().allMatch(n -> n == REQUESTS)
                                && arrived(receiver).size() == 10);
            } finally {
                job.cancel().get();
            }

            assertThat(receiver.requests()).allMatch(RecordedRequest::isV2);
            Map<String, List<Long>> starts = starts(receiver);
            for (String counter : List.of("requests_total", "latency_seconds_sum", "latency_seconds_count",
                    "latency_seconds_bucket{le=0.5}", "latency_seconds_bucket{le=1}", "latency_seconds_bucket{le=+Inf}",
                    "payload_bytes")) {
                assertThat(new TreeSet<>(starts.get(counter))).as("start timestamps of %s", counter).containsExactly(startMs);
            }
            // The delta total started with the first delta, whose start is 100 ms before its time.
            assertThat(new TreeSet<>(starts.get("jobs_total"))).as("start timestamps of the delta total")
                    .containsExactly(t0 - 100);
            assertThat(new TreeSet<>(starts.get("temperature_celsius"))).as("gauge").containsExactly(0L);
            assertThat(new TreeSet<>(starts.get("inflight"))).as("non-monotonic sum").containsExactly(0L);
            assertThat(deltaTotals(receiver)).as("the delta totals").containsExactly(
                    java.util.stream.LongStream.rangeClosed(1, REQUESTS).boxed().toArray(Long[]::new));
        }
    }

    private static String config(int port, URI endpoint) {
        return """
                receivers:
                  otlp:
                    protocols:
                      http:
                        endpoint: 127.0.0.1:%d
                processors:
                  batch:
                    timeout: 100ms
                exporters:
                  prometheusremotewrite:
                    endpoint: "%s"
                    protobuf_message: io.prometheus.write.v2.Request
                service:
                  pipelines:
                    metrics:
                      receivers: [otlp]
                      processors: [batch]
                      exporters: [prometheusremotewrite]
                """.formatted(port, endpoint);
    }

    /**
     * Request {@code i} at {@code t0 + i * 100 ms}: a gauge, a non-monotonic sum, a cumulative
     * counter, a classic and an exponential histogram (all starting at {@code startMs}), and a delta
     * sum of 1 whose window is the 100 ms before the point.
     */
    private static String request(long t0, long startMs, int i) {
        long t = (t0 + i * 100L) * 1_000_000L;
        long start = startMs * 1_000_000L;
        String common = "\"startTimeUnixNano\": \"%d\", \"timeUnixNano\": \"%d\"".formatted(start, t);
        String deltaWindow = "\"startTimeUnixNano\": \"%d\", \"timeUnixNano\": \"%d\"".formatted(t - 100_000_000L, t);
        String cumulative = "\"aggregationTemporality\": \"AGGREGATION_TEMPORALITY_CUMULATIVE\"";
        return """
                {"resourceMetrics": [{
                  "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "shop"}}]},
                  "scopeMetrics": [{"metrics": [
                    {"name": "temperature", "unit": "Cel", "gauge": {"dataPoints": [{%1$s, "asDouble": 21.5}]}},
                    {"name": "inflight", "sum": {%2$s, "isMonotonic": false, "dataPoints": [{%1$s, "asInt": "3"}]}},
                    {"name": "requests", "sum": {%2$s, "isMonotonic": true, "dataPoints": [{%1$s, "asInt": "%3$d"}]}},
                    {"name": "jobs", "sum": {"aggregationTemporality": "AGGREGATION_TEMPORALITY_DELTA", "isMonotonic": true,
                                             "dataPoints": [{%4$s, "asInt": "1"}]}},
                    {"name": "latency", "unit": "s", "histogram": {%2$s, "dataPoints": [{%1$s, "count": "%5$d", "sum": 1.5,
                        "bucketCounts": ["%3$d", "%3$d", "%3$d"], "explicitBounds": [0.5, 1]}]}},
                    {"name": "payload", "unit": "By", "exponentialHistogram": {%2$s, "dataPoints": [{%1$s, "count": "%3$d",
                        "sum": 2, "scale": 0, "positive": {"offset": 0, "bucketCounts": ["%3$d"]}}]}}
                  ]}]
                }]}
                """.formatted(common, cumulative, i + 1, deltaWindow, 3 * (i + 1));
    }

    /** Each series' key (name, with {@code le}) to the start timestamps of all its points received. */
    private static Map<String, List<Long>> starts(FaultInjectingReceiver receiver) {
        Map<String, List<Long>> out = new TreeMap<>();
        for (RecordedRequest r : receiver.requests()) {
            for (Series s : r.series()) {
                List<Long> list = out.computeIfAbsent(key(s), k -> new ArrayList<>());
                for (int i = 0; i < s.samples().size(); i++) {
                    list.add(s.sampleStartTimestampMs(i));
                }
                for (HistogramPoint h : s.histograms()) {
                    list.add(((WriteV2.Histogram) h.histogram()).getStartTimestamp());
                }
            }
        }
        return out;
    }

    /** How many points of each series arrived (at most one per request and series). */
    private static Map<String, Integer> arrived(FaultInjectingReceiver receiver) {
        Map<String, Integer> out = new TreeMap<>();
        starts(receiver).forEach((k, v) -> out.put(k, v.size()));
        return out;
    }

    private static List<Long> deltaTotals(FaultInjectingReceiver receiver) {
        List<Long> totals = new ArrayList<>();
        for (RecordedRequest r : receiver.requests()) {
            for (Series s : r.series()) {
                if (key(s).equals("jobs_total")) {
                    s.samples().forEach(p -> totals.add((long) p.value()));
                }
            }
        }
        totals.sort(null);
        return totals;
    }

    private static String key(Series s) {
        String le = s.labels().get("le");
        return s.labels().get("__name__") + (le != null ? "{le=" + le + "}" : "");
    }

    private static void awaitListening(int port) {
        Poll.until(Duration.ofSeconds(60), "the OTLP ingress listening on " + port, () -> {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException notYet) {
                return false;
            }
        });
    }
}
