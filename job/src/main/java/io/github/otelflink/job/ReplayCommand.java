package io.github.otelflink.job;

import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.config.PipelineConfig;
import io.github.otelflink.job.deadletter.DeadLetterReplay;
import io.github.otelflink.job.exporter.ExporterConfig;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig;
import io.github.otelflink.job.exporter.prometheusremotewrite.RemoteWriteSinkFactory;
import io.github.otelflink.sink.remotewrite.http.HttpRemoteWriteClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * {@code --replay-dead-letter <dir|file> [--exporter <id>]}: sends dead letters again to the
 * endpoint of a {@code prometheusremotewrite} exporter of the config, with its TLS, headers and
 * credentials. Exit code 0 when every line was accepted, 1 otherwise, 2 when the exporter is
 * ambiguous or unknown.
 */
final class ReplayCommand {
    private ReplayCommand() {}

    static int run(PipelineConfig config, @Nullable String exporterId, Path path, PrintStream out, PrintStream err)
            throws InterruptedException {
        List<Map.Entry<ComponentId, ExporterConfig>> candidates = config.exporters().entrySet().stream()
                .filter(e -> e.getValue() instanceof PrometheusRemoteWriteExporterConfig)
                .filter(e -> exporterId == null || e.getKey().toString().equals(exporterId))
                .toList();
        if (candidates.size() != 1) {
            err.println(candidates.isEmpty()
                    ? "--replay-dead-letter: no prometheusremotewrite exporter"
                            + (exporterId == null ? "" : " named " + exporterId) + " in the config"
                    : "--replay-dead-letter: the config has several prometheusremotewrite exporters; name one with"
                            + " --exporter (" + candidates.stream().map(e -> e.getKey().toString()).toList() + ")");
            return 2;
        }
        PrometheusRemoteWriteExporterConfig exporter = (PrometheusRemoteWriteExporterConfig) candidates.get(0).getValue();
        // The sink's own endpoint settings: the same TLS, headers and credentials as the job sends with.
        var sinkConfig = RemoteWriteSinkFactory.create(exporter, null).config();
        var endpoint = sinkConfig.endpoint();
        try (HttpRemoteWriteClient client = new HttpRemoteWriteClient(endpoint)) {
            out.println("replaying " + path + " to " + endpoint.endpoint() + " (exporter " + candidates.get(0).getKey() + ")");
            return new DeadLetterReplay(client, out, sinkConfig.tenantRouting()).replay(path);
        } catch (IOException e) {
            err.println("--replay-dead-letter: " + e.getMessage());
            return 1;
        }
    }
}
