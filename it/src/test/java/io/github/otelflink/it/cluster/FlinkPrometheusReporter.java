package io.github.otelflink.it.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scrapes Flink's own Prometheus reporter ({@code flink-metrics-prometheus}, from the
 * distribution's {@code plugins/metrics-prometheus/}) on every JobManager and TaskManager of a
 * cluster: each process binds the first free port of {@code metrics.reporter.prom.port}'s range.
 */
final class FlinkPrometheusReporter {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})?\\s+(\\S+)$");
    static final int RANGE = 8;

    private final int firstPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

    FlinkPrometheusReporter(int firstPort) {
        this.firstPort = firstPort;
    }

    /** The cluster configuration that enables the reporter, as {@code k8s/flink-deployment.yaml} has it (but a port range). */
    Map<String, String> flinkConfiguration() {
        return Map.of(
                "metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory",
                "metrics.reporter.prom.port", firstPort + "-" + (firstPort + RANGE - 1));
    }

    /** One sample line of a scrape. */
    record Sample(int port, String name, String labels, double value) {}

    /** Every sample of every process that answers on the port range. */
    List<Sample> scrape() {
        List<Sample> samples = new ArrayList<>();
        for (int port = firstPort; port < firstPort + RANGE; port++) {
            String body;
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    continue;
                }
                body = r.body();
            } catch (Exception nothingThere) {
                continue;
            }
            for (String line : body.split("\n")) {
                Matcher m = SAMPLE.matcher(line.strip());
                if (!line.startsWith("#") && m.matches()) {
                    samples.add(new Sample(port, m.group(1), m.group(2) == null ? "" : m.group(2), Double.parseDouble(m.group(3))));
                }
            }
        }
        return samples;
    }

    /** The sum of a metric over all processes and label sets (as {@code sum(metric)} in PromQL), of one job (its {@code job_id} label). */
    static double sum(List<Sample> samples, String name, String jobId) {
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().contains("job_id=\"" + jobId + "\""))
                .mapToDouble(Sample::value).sum();
    }
}
