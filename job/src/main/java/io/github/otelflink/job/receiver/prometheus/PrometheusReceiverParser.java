package io.github.otelflink.job.receiver.prometheus;

import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.config.ComponentParser;
import io.github.otelflink.job.config.ConfigNode;
import io.github.otelflink.job.config.GoDurations;
import io.github.otelflink.job.relabel.RelabelConfig;
import io.github.otelflink.job.relabel.RelabelConfigParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.annotation.Nullable;

/** Reads the {@code prometheus} receiver; see {@link PrometheusReceiverConfig} for keys and defaults. */
public final class PrometheusReceiverParser implements ComponentParser<PrometheusReceiverConfig> {

    // Prometheus' model.ParseDuration: units from years down to milliseconds, largest first.
    private static final Pattern PROMETHEUS_DURATION = Pattern.compile(
            "(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");
    private static final long[] UNIT_MILLIS = {
        365L * 24 * 3600 * 1000, 7L * 24 * 3600 * 1000, 24L * 3600 * 1000, 3600L * 1000, 60L * 1000, 1000L, 1L
    };

    @Override
    @Nullable
    public PrometheusReceiverConfig parse(ComponentId id, ConfigNode node) {
        ConfigNode config = node.object("config");
        if (!config.isPresent()) {
            node.error("config", "required: a Prometheus configuration with scrape_configs");
            node.finish();
            return null;
        }
        ConfigNode global = config.object("global");
        Duration globalInterval = duration(global, "scrape_interval", PrometheusReceiverConfig.DEFAULT_SCRAPE_INTERVAL);
        Duration globalTimeout = duration(global, "scrape_timeout", PrometheusReceiverConfig.DEFAULT_SCRAPE_TIMEOUT);
        global.finish();

        List<PrometheusReceiverConfig.ScrapeConfig> scrapeConfigs = new ArrayList<>();
        Set<String> jobNames = new HashSet<>();
        for (ConfigNode scrape : config.list("scrape_configs")) {
            PrometheusReceiverConfig.ScrapeConfig parsed = scrapeConfig(scrape, globalInterval, globalTimeout);
            if (parsed != null && !jobNames.add(parsed.jobName())) {
                scrape.error("job_name", "another scrape config has the job name \"" + parsed.jobName() + "\"");
            } else if (parsed != null) {
                scrapeConfigs.add(parsed);
            }
        }
        if (!config.hasValue("scrape_configs")) {
            config.error("scrape_configs", "required: at least one scrape config");
        }
        config.finish();
        node.finish();
        return new PrometheusReceiverConfig(id, scrapeConfigs);
    }

    @Nullable
    private static PrometheusReceiverConfig.ScrapeConfig scrapeConfig(
            ConfigNode node, Duration globalInterval, Duration globalTimeout) {
        String jobName = node.requiredString("job_name");
        Duration interval = duration(node, "scrape_interval", globalInterval);
        // As in Prometheus: an inherited timeout longer than the interval shrinks to it.
        Duration timeout = duration(node, "scrape_timeout", globalTimeout.compareTo(interval) > 0 ? interval : globalTimeout);
        if (timeout.compareTo(interval) > 0) {
            node.error("scrape_timeout", "must not be longer than scrape_interval ("
                    + GoDurations.format(interval) + "), got " + GoDurations.format(timeout));
        }
        if (interval.isZero()) {
            node.error("scrape_interval", "must be greater than 0");
        }
        String metricsPath = node.string("metrics_path", PrometheusReceiverConfig.DEFAULT_METRICS_PATH);
        if (!metricsPath.startsWith("/")) {
            node.error("metrics_path", "must start with /, got " + ConfigNode.quote(metricsPath));
        }
        String scheme = node.string("scheme", "http");
        if (!scheme.equals("http") && !scheme.equals("https")) {
            node.error("scheme", "expected one of \"http\", \"https\", got " + ConfigNode.quote(scheme));
        }
        boolean honorLabels = node.bool("honor_labels", false);
        List<PrometheusReceiverConfig.StaticConfig> staticConfigs = new ArrayList<>();
        for (ConfigNode staticConfig : node.list("static_configs")) {
            List<String> targets = staticConfig.stringList("targets");
            Map<String, String> labels = staticConfig.stringMap("labels");
            staticConfig.finish();
            staticConfigs.add(new PrometheusReceiverConfig.StaticConfig(targets, labels));
        }
        List<RelabelConfig> relabels = RelabelConfigParser.parseList(node, "metric_relabel_configs");
        node.finish();
        if (jobName == null) {
            return null;
        }
        return new PrometheusReceiverConfig.ScrapeConfig(
                jobName, interval, timeout, metricsPath, scheme, honorLabels, staticConfigs, relabels);
    }

    private static Duration duration(ConfigNode node, String key, Duration defaultValue) {
        String text = node.optionalString(key);
        if (text == null) {
            return defaultValue;
        }
        Duration duration = parseDuration(text);
        if (duration == null) {
            node.error(key, "expected a Prometheus duration like \"30s\" or \"1m\", got " + ConfigNode.quote(text));
            return defaultValue;
        }
        return duration;
    }

    @Nullable
    static Duration parseDuration(String text) {
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher matcher = PROMETHEUS_DURATION.matcher(text);
        if (text.isEmpty() || !matcher.matches()) {
            return null;
        }
        long millis = 0;
        for (int group = 1; group <= UNIT_MILLIS.length; group++) {
            if (matcher.group(group) != null) {
                millis += Long.parseLong(matcher.group(group)) * UNIT_MILLIS[group - 1];
            }
        }
        return Duration.ofMillis(millis);
    }
}
