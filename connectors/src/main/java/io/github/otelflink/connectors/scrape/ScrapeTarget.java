package io.github.otelflink.connectors.scrape;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One Prometheus scrape target, like a {@code static_configs} entry of a Prometheus {@code
 * scrape_config}: {@code url} is {@code http://host:port/metrics_path} (or https).
 *
 * @param jobName becomes the resource's {@code service.name} (Prometheus {@code job})
 * @param url the full URL scraped with GET
 * @param scrapeInterval time between the starts of two scrapes
 * @param scrapeTimeout HTTP timeout of one scrape, at most {@code scrapeInterval}
 * @param honorLabels when {@code true}, scraped labels win over the target's labels (including
 *     {@code job} and {@code instance}, which then pick the resource); when {@code false},
 *     conflicting scraped labels are renamed {@code exported_<name>}
 * @param labels static labels added to every scraped series (and to {@code up})
 */
public record ScrapeTarget(
        String jobName, URI url, Duration scrapeInterval, Duration scrapeTimeout, boolean honorLabels,
        Map<String, String> labels) implements Serializable {

    static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    public ScrapeTarget {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** A target with the Prometheus defaults: 1m interval, 10s timeout, no honor_labels, no labels. */
    public static ScrapeTarget of(String jobName, String url) {
        return new ScrapeTarget(jobName, URI.create(url), Duration.ofMinutes(1), Duration.ofSeconds(10), false, Map.of());
    }

    public ScrapeTarget withInterval(Duration interval, Duration timeout) {
        return new ScrapeTarget(jobName, url, interval, timeout, honorLabels, labels);
    }

    public ScrapeTarget withHonorLabels(boolean honor) {
        return new ScrapeTarget(jobName, url, scrapeInterval, scrapeTimeout, honor, labels);
    }

    public ScrapeTarget withLabels(Map<String, String> staticLabels) {
        return new ScrapeTarget(jobName, url, scrapeInterval, scrapeTimeout, honorLabels, staticLabels);
    }

    /** {@code host:port} of the URL (default port 80 / 443): the Prometheus {@code instance}. */
    public String instance() {
        return host() + ":" + port();
    }

    public String host() {
        return url.getHost();
    }

    public int port() {
        if (url.getPort() >= 0) {
            return url.getPort();
        }
        return "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }

    /** Every problem with this target, prefixed with {@code prefix}; empty if valid. */
    public List<String> validate(String prefix) {
        List<String> errors = new ArrayList<>();
        if (jobName == null || jobName.isBlank()) {
            errors.add(prefix + "job_name must not be empty");
        }
        if (url == null) {
            errors.add(prefix + "url must be set");
        } else {
            String scheme = url.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
                errors.add(prefix + "url must be http:// or https://, got " + url);
            } else if (url.getHost() == null || url.getHost().isEmpty()) {
                errors.add(prefix + "url must have a host, got " + url);
            }
            if (url.getPort() == 0 || url.getPort() > 65535) {
                errors.add(prefix + "url port must be 1-65535, got " + url.getPort());
            }
        }
        if (scrapeInterval == null || scrapeInterval.toMillis() < 1) {
            errors.add(prefix + "scrape_interval must be positive (at least 1ms), got " + scrapeInterval);
        }
        if (scrapeTimeout == null || scrapeTimeout.toMillis() < 1) {
            errors.add(prefix + "scrape_timeout must be positive (at least 1ms), got " + scrapeTimeout);
        } else if (scrapeInterval != null && scrapeTimeout.compareTo(scrapeInterval) > 0) {
            errors.add(prefix + "scrape_timeout " + scrapeTimeout + " must not exceed scrape_interval " + scrapeInterval);
        }
        for (Map.Entry<String, String> label : labels.entrySet()) {
            String name = label.getKey();
            if (!LABEL_NAME.matcher(name).matches()) {
                errors.add(prefix + "label name '" + name + "' is not a valid Prometheus label name");
            } else if (name.startsWith("__")) {
                errors.add(prefix + "label name '" + name + "' is reserved (starts with __)");
            } else if (name.equals("job") || name.equals("instance")) {
                errors.add(prefix + "label '" + name + "' is set from the target, not from labels");
            }
            if (label.getValue() == null) {
                errors.add(prefix + "label '" + name + "' has no value");
            }
        }
        return errors;
    }
}
