package io.github.otelflink.job.receiver.prometheus;

import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.config.GoDurations;
import io.github.otelflink.job.receiver.ReceiverConfig;
import io.github.otelflink.job.relabel.RelabelConfig;
import java.io.Serializable;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code prometheus} receiver: scrapes Prometheus targets. {@code config} holds a subset
 * of a Prometheus configuration file:
 * <pre>
 * prometheus/self:
 *   config:
 *     global: {scrape_interval: 1m, scrape_timeout: 10s}   # defaults for every job
 *     scrape_configs:
 *     - job_name: otel-collector       # required, unique
 *       scrape_interval: 30s           # default: global, 1m
 *       scrape_timeout: 10s            # default: global, 10s (at most scrape_interval)
 *       metrics_path: /metrics         # default
 *       scheme: http                   # default; or https
 *       honor_labels: false            # default
 *       static_configs:
 *       - targets: ['localhost:8888']
 *         labels: {team: a}
 *       metric_relabel_configs: [...]  # Prometheus relabel configs
 * </pre>
 * Durations here are Prometheus durations ({@code 30s}, {@code 1m}, {@code 1h30m},
 * {@code 1d}), without fractions. As in the Collector, a literal {@code $} in a relabel
 * replacement is written {@code $$}.
 *
 * @param id the component id
 * @param scrapeConfigs the jobs to scrape, in file order
 */
public record PrometheusReceiverConfig(ComponentId id, List<ScrapeConfig> scrapeConfigs) implements ReceiverConfig {

    public static final Duration DEFAULT_SCRAPE_INTERVAL = Duration.ofMinutes(1);
    public static final Duration DEFAULT_SCRAPE_TIMEOUT = Duration.ofSeconds(10);
    public static final String DEFAULT_METRICS_PATH = "/metrics";

    public PrometheusReceiverConfig {
        scrapeConfigs = List.copyOf(scrapeConfigs);
    }

    /**
     * One scrape job.
     *
     * @param jobName the {@code job} label of the scraped series
     * @param scrapeInterval how often to scrape
     * @param scrapeTimeout how long a scrape may take
     * @param metricsPath the HTTP path
     * @param scheme {@code http} or {@code https}
     * @param honorLabels keep the target's labels when they clash with the job's
     * @param staticConfigs the targets
     * @param metricRelabelConfigs applied to scraped series before they enter the pipeline
     */
    public record ScrapeConfig(
            String jobName,
            Duration scrapeInterval,
            Duration scrapeTimeout,
            String metricsPath,
            String scheme,
            boolean honorLabels,
            List<StaticConfig> staticConfigs,
            List<RelabelConfig> metricRelabelConfigs)
            implements Serializable {

        public ScrapeConfig {
            staticConfigs = List.copyOf(staticConfigs);
            metricRelabelConfigs = List.copyOf(metricRelabelConfigs);
        }
    }

    /**
     * A fixed list of targets.
     *
     * @param targets {@code host:port} (or {@code host}) of each target
     * @param labels added to every series of these targets
     */
    public record StaticConfig(List<String> targets, Map<String, String> labels) implements Serializable {

        public StaticConfig {
            targets = List.copyOf(targets);
            labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        }
    }

    @Override
    public String describe() {
        return scrapeConfigs.stream()
                .map(scrape -> "scrape " + scrape.jobName() + " every " + GoDurations.format(scrape.scrapeInterval())
                        + " from " + scrape.staticConfigs().stream()
                                .flatMap(s -> s.targets().stream())
                                .collect(Collectors.joining(", ", "[", "]")))
                .collect(Collectors.joining("; "));
    }
}
