package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;

/**
 * The exporter settings that shape translation, with the Collector's names and defaults
 * ({@link #defaults()}).
 *
 * @param namespace prefix of every metric name, {@code ns} giving {@code ns_<name>}; "" for none
 * @param addMetricSuffixes append unit suffixes, {@code _total} and {@code _ratio} (default true)
 * @param resourceToTelemetryConversion add every resource attribute as a label to every series
 *     (default false)
 * @param targetInfoEnabled send {@code target_info} per resource (default true)
 * @param externalLabels labels added to every series that does not have them already; names are
 *     sanitized like attribute keys, names and values must not be empty
 * @param sendMetadata attach type, help and unit to every series (default false)
 * @param utf8Names keep metric and label names as they are instead of escaping characters outside
 *     the legacy charset to {@code _} (the strategies {@code NoUTF8EscapingWithSuffixes} and
 *     {@code NoTranslation}; default false)
 */
public record TranslationConfig(
        String namespace,
        boolean addMetricSuffixes,
        boolean resourceToTelemetryConversion,
        boolean targetInfoEnabled,
        Map<String, String> externalLabels,
        boolean sendMetadata,
        boolean utf8Names)
        implements Serializable {

    /** Settings with escaped names (every strategy but the two UTF-8 ones). */
    public TranslationConfig(String namespace, boolean addMetricSuffixes, boolean resourceToTelemetryConversion,
            boolean targetInfoEnabled, Map<String, String> externalLabels, boolean sendMetadata) {
        this(namespace, addMetricSuffixes, resourceToTelemetryConversion, targetInfoEnabled, externalLabels,
                sendMetadata, false);
    }

    public TranslationConfig {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(externalLabels, "externalLabels");
        for (Map.Entry<String, String> e : externalLabels.entrySet()) {
            if (e.getKey() == null || e.getKey().isEmpty() || e.getValue() == null || e.getValue().isEmpty()) {
                throw new IllegalArgumentException(
                        "external labels need a non-empty name and value, got " + e.getKey() + "=" + e.getValue());
            }
        }
        externalLabels = Map.copyOf(externalLabels);
    }

    /** The Collector's defaults: no namespace, suffixes on, no resource labels, target_info on. */
    public static TranslationConfig defaults() {
        return new TranslationConfig("", true, false, true, Map.of(), false);
    }

    public TranslationConfig withNamespace(String value) {
        return new TranslationConfig(value, addMetricSuffixes, resourceToTelemetryConversion, targetInfoEnabled,
                externalLabels, sendMetadata, utf8Names);
    }

    public TranslationConfig withAddMetricSuffixes(boolean value) {
        return new TranslationConfig(namespace, value, resourceToTelemetryConversion, targetInfoEnabled,
                externalLabels, sendMetadata, utf8Names);
    }

    public TranslationConfig withResourceToTelemetryConversion(boolean value) {
        return new TranslationConfig(namespace, addMetricSuffixes, value, targetInfoEnabled, externalLabels,
                sendMetadata, utf8Names);
    }

    public TranslationConfig withTargetInfoEnabled(boolean value) {
        return new TranslationConfig(namespace, addMetricSuffixes, resourceToTelemetryConversion, value,
                externalLabels, sendMetadata, utf8Names);
    }

    public TranslationConfig withExternalLabels(Map<String, String> value) {
        return new TranslationConfig(namespace, addMetricSuffixes, resourceToTelemetryConversion, targetInfoEnabled,
                value, sendMetadata, utf8Names);
    }

    public TranslationConfig withSendMetadata(boolean value) {
        return new TranslationConfig(namespace, addMetricSuffixes, resourceToTelemetryConversion, targetInfoEnabled,
                externalLabels, value, utf8Names);
    }

    public TranslationConfig withUtf8Names(boolean value) {
        return new TranslationConfig(namespace, addMetricSuffixes, resourceToTelemetryConversion, targetInfoEnabled,
                externalLabels, sendMetadata, value);
    }
}
