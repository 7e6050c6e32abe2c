package io.github.otelflink.job.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otelflink.connectors.kafka.OtlpKafkaRecordDeserializer;
import io.github.otelflink.testing.Scraper;

import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Properties;

class CollectorTelemetryReporterTest {
    private static final String SINK0 =
            "job_name=\"pipeline\",operator_name=\"Sink: prw\",subtask_index=\"0\",task_name=\"Sink: prw\"";
    private static final String SINK1 =
            "job_name=\"pipeline\",operator_name=\"Sink: prw\",subtask_index=\"1\",task_name=\"Sink: prw\"";

    private CollectorTelemetryReporter reporter;

    @BeforeEach
    void start() {
        reporter = new CollectorTelemetryReporter();
        MetricConfig config = new MetricConfig();
        config.setProperty(CollectorTelemetryReporter.ADDRESS_OPTION, "127.0.0.1:0");
        reporter.open(config);
        assertThat(reporter.port()).isPositive();
    }

    @AfterEach
    void stop() {
        reporter.close();
    }

    private SimpleCounter counter(FakeMetricGroup group, String name, long value) {
        SimpleCounter c = new SimpleCounter();
        c.inc(value);
        reporter.notifyOfAddedMetric(c, name, group);
        return c;
    }

    private void gauge(FakeMetricGroup group, String name, Object value) {
        Gauge<Object> g = () -> value;
        reporter.notifyOfAddedMetric(g, name, group);
    }

    private List<String> lines() throws Exception {
        return List.of(Scraper.scrape(reporter.port()).split("\n"));
    }

    @Test
    void exposesOwnNamesAndCollectorSums() throws Exception {
        FakeMetricGroup sink0 = FakeMetricGroup.operator("pipeline", "Sink: prw", "Sink: prw", 0).addGroup("prometheus_remote_write");
        FakeMetricGroup sink1 = FakeMetricGroup.operator("pipeline", "Sink: prw", "Sink: prw", 1).addGroup("prometheus_remote_write");
        counter(sink0, "samples_sent_total", 10);
        counter(sink1, "samples_sent_total", 5);
        counter(sink0, "histograms_sent_total", 2);
        counter(sink1, "histograms_sent_total", 1);
        counter(sink0, "requests_total", 3);
        counter(sink1, "requests_total", 2);
        counter(sink0.addGroup("reason", "rejected"), "samples_dropped_total", 1);
        counter(sink0.addGroup("reason", "too_old"), "samples_dropped_total", 2);
        counter(sink0.addGroup("reason", "retries_exhausted"), "samples_dropped_total", 3);
        counter(sink0.addGroup("reason", "out_of_order"), "samples_dropped_total", 100);
        counter(sink0.addGroup("reason", "rejected"), "histograms_dropped_total", 4);
        counter(sink1.addGroup("reason", "rejected"), "samples_dropped_total", 5);
        gauge(sink0, "samples_pending", 7);
        gauge(sink1, "samples_pending", 8L);

        FakeMetricGroup source0 = FakeMetricGroup.operator("pipeline", "Source: otlp", "Source: otlp", 0);
        FakeMetricGroup source1 = FakeMetricGroup.operator("pipeline", "Source: otlp", "Source: otlp", 1);
        counter(source0.addGroup("transport", "grpc"), "otelcol_receiver_accepted_metric_points", 20);
        counter(source1.addGroup("transport", "grpc"), "otelcol_receiver_accepted_metric_points", 30);
        counter(source1.addGroup("transport", "http"), "otelcol_receiver_accepted_metric_points", 6);
        counter(source0.addGroup("transport", "grpc"), "otelcol_receiver_refused_metric_points", 4);
        FakeMetricGroup kafka = FakeMetricGroup.operator("pipeline", "Source: kafka", "Source: kafka", 0).addGroup("deserializer");
        counter(kafka, "otelcol_receiver_accepted_metric_points", 11);

        FakeMetricGroup pipeline = FakeMetricGroup.operator("pipeline", "translate", "translate", 0).addGroup("otel_pipeline");
        counter(pipeline, "datapoints_in_total", 42);
        counter(pipeline.addGroup("reason", "relabel_drop"), "points_dropped_total", 9);

        assertThat(lines()).contains(
                "# TYPE prometheus_remote_write_samples_sent_total counter",
                "prometheus_remote_write_samples_sent_total{" + SINK0 + "} 10.0",
                "prometheus_remote_write_samples_sent_total{" + SINK1 + "} 5.0",
                "prometheus_remote_write_requests_total{" + SINK0 + "} 3.0",
                "prometheus_remote_write_samples_dropped_total{job_name=\"pipeline\",operator_name=\"Sink: prw\","
                        + "reason=\"out_of_order\",subtask_index=\"0\",task_name=\"Sink: prw\"} 100.0",
                "# TYPE prometheus_remote_write_samples_pending gauge",
                "prometheus_remote_write_samples_pending{" + SINK1 + "} 8.0",
                "otel_pipeline_datapoints_in_total{job_name=\"pipeline\",operator_name=\"translate\","
                        + "subtask_index=\"0\",task_name=\"translate\"} 42.0",
                "otel_pipeline_points_dropped_total{job_name=\"pipeline\",operator_name=\"translate\","
                        + "reason=\"relabel_drop\",subtask_index=\"0\",task_name=\"translate\"} 9.0",
                "deserializer_otelcol_receiver_accepted_metric_points{job_name=\"pipeline\","
                        + "operator_name=\"Source: kafka\",subtask_index=\"0\",task_name=\"Source: kafka\"} 11.0",
                // The Collector's names, summed over subtasks; untyped, so the client adds no _total.
                "# TYPE otelcol_exporter_sent_metric_points untyped",
                "otelcol_exporter_sent_metric_points{exporter=\"prometheusremotewrite\"} 18.0",
                "# TYPE otelcol_exporter_send_failed_metric_points untyped",
                "otelcol_exporter_send_failed_metric_points{exporter=\"prometheusremotewrite\"} 15.0",
                "# TYPE otelcol_exporter_queue_size gauge",
                "otelcol_exporter_queue_size{exporter=\"prometheusremotewrite\"} 15.0",
                "# TYPE otelcol_processor_batch_batch_send_size summary",
                "otelcol_processor_batch_batch_send_size_sum{processor=\"batch\"} 18.0",
                "otelcol_processor_batch_batch_send_size_count{processor=\"batch\"} 5",
                "# TYPE otelcol_receiver_accepted_metric_points untyped",
                "otelcol_receiver_accepted_metric_points{receiver=\"otlp\",transport=\"grpc\"} 50.0",
                "otelcol_receiver_accepted_metric_points{receiver=\"otlp\",transport=\"http\"} 6.0",
                "otelcol_receiver_accepted_metric_points{receiver=\"kafka\",transport=\"kafka\"} 11.0",
                "# TYPE otelcol_receiver_refused_metric_points untyped",
                "otelcol_receiver_refused_metric_points{receiver=\"otlp\",transport=\"grpc\"} 4.0");
        // The per-subtask receiver counters appear only summed, so sum() over the family is right.
        assertThat(lines()).filteredOn(l -> l.startsWith("otelcol_receiver_accepted_metric_points{")).hasSize(3);
        // Every sample line is "name{labels} value" with a valid name; every family has one TYPE line.
        List<String> lines = lines();
        assertThat(lines).filteredOn(l -> !l.startsWith("#"))
                .allSatisfy(l -> assertThat(l).matches("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{.*\\})? \\S+"));
        assertThat(lines).filteredOn(l -> l.startsWith("# TYPE ")).doesNotHaveDuplicates();
    }

    @Test
    void countersAreReadAtScrapeTimeAndRemovedMetricsDisappear() throws Exception {
        FakeMetricGroup sink = FakeMetricGroup.operator("pipeline", "Sink: prw", "Sink: prw", 0).addGroup("prometheus_remote_write");
        SimpleCounter sent = counter(sink, "samples_sent_total", 1);
        assertThat(lines()).contains("otelcol_exporter_sent_metric_points{exporter=\"prometheusremotewrite\"} 1.0");
        sent.inc(41);
        assertThat(lines()).contains(
                "prometheus_remote_write_samples_sent_total{" + SINK0 + "} 42.0",
                "otelcol_exporter_sent_metric_points{exporter=\"prometheusremotewrite\"} 42.0");
        reporter.notifyOfRemovedMetric(sent, "samples_sent_total", sink);
        assertThat(String.join("\n", lines())).doesNotContain("samples_sent_total", "otelcol_exporter_sent_metric_points");
    }

    @Test
    void histogramsAreSummariesAndNamesAreSanitized() throws Exception {
        FakeMetricGroup sink = FakeMetricGroup.operator("pipeline", "Sink: prw", "Sink: prw", 0).addGroup("prometheus_remote_write");
        DescriptiveStatisticsHistogram h = new DescriptiveStatisticsHistogram(100);
        for (long i = 1; i <= 100; i++) {
            h.update(i);
        }
        reporter.notifyOfAddedMetric(h, "sent_batch_duration_milliseconds", sink);
        FakeMetricGroup odd = FakeMetricGroup.operator("pipeline", "t", "op", 0).addGroup("my-group.x");
        gauge(odd, "1st value", 2.5);
        gauge(odd, "flag", true);
        gauge(odd, "text", "not a number");

        List<String> lines = lines();
        assertThat(lines).contains(
                "# TYPE prometheus_remote_write_sent_batch_duration_milliseconds summary",
                "prometheus_remote_write_sent_batch_duration_milliseconds_count{" + SINK0 + "} 100",
                "my_group_x_1st_value{job_name=\"pipeline\",operator_name=\"op\",subtask_index=\"0\",task_name=\"t\"} 2.5",
                "my_group_x_flag{job_name=\"pipeline\",operator_name=\"op\",subtask_index=\"0\",task_name=\"t\"} 1.0");
        assertThat(lines).filteredOn(l -> l.startsWith("prometheus_remote_write_sent_batch_duration_milliseconds{"))
                .hasSize(6)
                .anySatisfy(l -> assertThat(l).contains("quantile=\"0.5\""))
                .anySatisfy(l -> assertThat(l).contains("quantile=\"0.999\""));
        assertThat(String.join("\n", lines)).doesNotContain("text");
        assertThat(RegisteredMetric.sanitizeName("a.b-c d:e")).isEqualTo("a_b_c_d:e");
        assertThat(RegisteredMetric.sanitizeName("9lives")).isEqualTo("_9lives");
    }

    @Test
    void flinksOwnMetricsKeepTheirScope() throws Exception {
        counter(FakeMetricGroup.operator("pipeline", "t", "op", 1), "numRecordsIn", 3);
        assertThat(lines()).contains("# TYPE flink_taskmanager_job_task_operator_numRecordsIn untyped",
                "flink_taskmanager_job_task_operator_numRecordsIn{job_name=\"pipeline\","
                + "operator_name=\"op\",subtask_index=\"1\",task_name=\"t\",tm_id=\"tm-1\"} 3.0");
    }

    @Test
    void servesOnlyMetricsPath() throws Exception {
        HttpResponse<String> response = Scraper.get(reporter.port(), "/other");
        assertThat(response.statusCode()).isEqualTo(404);
        HttpResponse<String> metrics = Scraper.get(reporter.port(), "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
    }

    @Test
    void servesTheRootPathAndOpenMetricsWithTheSameNames() throws Exception {
        FakeMetricGroup sink = FakeMetricGroup.operator("pipeline", "Sink: prw", "Sink: prw", 0).addGroup("prometheus_remote_write");
        counter(sink, "samples_sent_total", 7);
        assertThat(Scraper.get(reporter.port(), "/").body()).contains(
                "prometheus_remote_write_samples_sent_total{" + SINK0 + "} 7.0");
        HttpResponse<String> om = Scraper.get(reporter.port(), "/metrics",
                "application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.3");
        assertThat(om.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/openmetrics-text"));
        assertThat(om.body()).contains(
                "# TYPE prometheus_remote_write_samples_sent counter",
                "prometheus_remote_write_samples_sent_total{" + SINK0 + "} 7.0",
                "# TYPE otelcol_exporter_sent_metric_points unknown",
                "otelcol_exporter_sent_metric_points{exporter=\"prometheusremotewrite\"} 7.0")
                .endsWith("# EOF\n");
    }

    @Test
    void closeStopsServing() throws Exception {
        int port = reporter.port();
        reporter.close();
        assertThat(reporter.port()).isEqualTo(-1);
        assertThatThrownBy(() -> Scraper.get(port, "/metrics")).isInstanceOf(IOException.class);
        // The port is free again.
        CollectorTelemetryReporter again = new CollectorTelemetryReporter();
        again.start("127.0.0.1:" + port);
        try {
            assertThat(again.port()).isEqualTo(port);
        } finally {
            again.close();
        }
    }

    @Test
    void receiverNamesAreTheConnectorsOwn() {
        assertThat(PipelineMetricNames.RECEIVER_ACCEPTED).isEqualTo(OtlpKafkaRecordDeserializer.ACCEPTED_POINTS);
    }

    @Test
    void configureAddsTheReporter() {
        Configuration conf = new Configuration();
        conf.set(ConfigOptions.key("metrics.reporters").stringType().noDefaultValue(), "prom");
        CollectorTelemetryReporter.configure(conf, "0.0.0.0:8888");
        assertThat(conf.toMap()).containsEntry("metrics.reporter.collector.factory.class",
                        CollectorTelemetryReporterFactory.class.getName())
                .containsEntry("metrics.reporter.collector.address", "0.0.0.0:8888")
                .containsEntry("metrics.reporters", "prom,collector");
        MetricReporter created = new CollectorTelemetryReporterFactory().createMetricReporter(new Properties());
        assertThat(created).isInstanceOf(CollectorTelemetryReporter.class);
    }

    @Test
    void rejectsBadAddresses() {
        CollectorTelemetryReporter other = new CollectorTelemetryReporter();
        assertThatThrownBy(() -> other.start("no-port")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> other.start("127.0.0.1:" + reporter.port())).hasMessageContaining("no free port");
    }
}
