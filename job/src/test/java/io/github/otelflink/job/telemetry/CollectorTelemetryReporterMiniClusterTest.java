package io.github.otelflink.job.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.testing.Scraper;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The reporter loaded by Flink from {@link CollectorTelemetryReporter#configure} on a MiniCluster. */
class CollectorTelemetryReporterMiniClusterTest {
    private static final int PORT = freePort();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(() -> {
        Configuration conf = new Configuration();
        CollectorTelemetryReporter.configure(conf, "127.0.0.1:" + PORT);
        return new MiniClusterResourceConfiguration.Builder()
                .setConfiguration(conf)
                .setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(2)
                .build();
    });

    private static final Pattern SENT = Pattern.compile(
            "(?m)^otelcol_exporter_sent_metric_points\\{exporter=\"prometheusremotewrite\"} (\\S+)$");
    private static final Pattern OWN = Pattern.compile(
            "(?m)^prometheus_remote_write_samples_sent_total\\{job_name=\"telemetry-test\",operator_name=\"count\","
                    + "subtask_index=\"(\\d)\",task_name=\"[^\"]*\"} (\\S+)$");

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void servesTheJobsCountersUnderCollectorNames() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataGeneratorSource<Long> source = new DataGeneratorSource<>(
                i -> i, Long.MAX_VALUE, RateLimiterStrategy.perSecond(200), Types.LONG);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "numbers")
                .map(new CountingMap())
                .name("count")
                .sinkTo(new DiscardingSink<>());
        JobClient job = env.executeAsync("telemetry-test");
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            String body = "";
            long sent = -1;
            long ownSum = -1;
            int subtasks = 0;
            while (System.nanoTime() < deadline) {
                body = Scraper.scrape(PORT);
                Matcher m = SENT.matcher(body);
                Matcher own = OWN.matcher(body);
                ownSum = 0;
                subtasks = 0;
                while (own.find()) {
                    ownSum += (long) Double.parseDouble(own.group(2));
                    subtasks++;
                }
                if (m.find()) {
                    sent = (long) Double.parseDouble(m.group(1));
                    if (sent >= 20 && subtasks == 2) {
                        break;
                    }
                }
                Thread.onSpinWait();
            }
            assertThat(sent).as(body).isGreaterThanOrEqualTo(20);
            assertThat(subtasks).as(body).isEqualTo(2);
            // Each counter is read once per scrape, so the sum matches the per-subtask series.
            assertThat(sent).as(body).isEqualTo(ownSum);
            assertThat(body).contains("# TYPE otelcol_exporter_sent_metric_points untyped");
        } finally {
            job.cancel().get();
        }
    }

    /** Counts every record as one sample sent, like the sink would. */
    private static final class CountingMap extends RichMapFunction<Long, Long> {
        private transient Counter sent;

        @Override
        public void open(OpenContext context) {
            sent = getRuntimeContext().getMetricGroup().addGroup("prometheus_remote_write").counter("samples_sent_total");
        }

        @Override
        public Long map(Long value) {
            sent.inc();
            return value;
        }
    }
}
