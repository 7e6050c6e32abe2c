package io.github.otelflink.connectors.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.connectors.OtlpMetricsTypeInfo;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The source in a real Flink job at parallelism 2 (one scraping subtask, one idle). */
class ScrapeSourceMiniClusterTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final LinkedBlockingQueue<ExportMetricsServiceRequest> COLLECTED = new LinkedBlockingQueue<>();

    @Test
    void scrapesAndReportsUpThenDown() throws Exception {
        COLLECTED.clear();
        try (TestTarget server = new TestTarget()) {
            server.body = "# TYPE c counter\nc 1\n";
            ScrapeSource source = new ScrapeSource(ScrapeOptions.of(ScrapeTarget.of("app", server.url())
                    .withInterval(Duration.ofMillis(200), Duration.ofMillis(150))));
            assertThat(source.getProducedType()).isSameAs(OtlpMetricsTypeInfo.INSTANCE);

            Configuration configuration = new Configuration();
            configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(configuration);
            env.setParallelism(2);
            env.fromSource(source, WatermarkStrategy.noWatermarks(), "scrape").sinkTo(new CollectingSink());
            JobClient job = env.executeAsync("scrape-test");
            try {
                ExportMetricsServiceRequest up = await(r -> metric(r, "c") != null);
                assertThat(metric(up, "up").getGauge().getDataPoints(0).getAsDouble()).isEqualTo(1);
                assertThat(metric(up, "c").getSum().getDataPoints(0).getAsDouble()).isEqualTo(1);

                server.body = "not prometheus {";
                ExportMetricsServiceRequest down = await(r -> metric(r, "up").getGauge().getDataPoints(0).getAsDouble() == 0);
                assertThat(metric(down, "c").getSum().getDataPoints(0).getFlags()).isEqualTo(1);
            } finally {
                job.cancel().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        }
    }

    private static ExportMetricsServiceRequest await(Predicate<ExportMetricsServiceRequest> condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            ExportMetricsServiceRequest r = COLLECTED.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (r != null && condition.test(r)) {
                return r;
            }
        }
        throw new AssertionError("no matching request within " + TIMEOUT);
    }

    private static Metric metric(ExportMetricsServiceRequest request, String name) {
        return request.getResourceMetrics(0).getScopeMetrics(0).getMetricsList().stream()
                .filter(m -> m.getName().equals(name))
                .findFirst()
                .orElse(null);
    }

    static final class CollectingSink implements Sink<ExportMetricsServiceRequest> {
        private static final long serialVersionUID = 1L;

        @Override
        public SinkWriter<ExportMetricsServiceRequest> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(ExportMetricsServiceRequest element, Context context) {
                    COLLECTED.add(element);
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}
