/**
 * OTLP metrics to Prometheus remote-write series, as the OpenTelemetry Collector's
 * {@code prometheusremotewrite} exporter translates them.
 *
 * <p>Entry point: {@link io.github.otelflink.job.exporter.prometheusremotewrite.translate.OtlpTranslator} with a
 * {@link io.github.otelflink.job.exporter.prometheusremotewrite.translate.TranslationConfig}; series go to a
 * {@link io.github.otelflink.job.exporter.prometheusremotewrite.translate.TranslatedSeriesConsumer}, flagged when they carry
 * a DELTA point.
 */
@ParametersAreNonnullByDefault
package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import javax.annotation.ParametersAreNonnullByDefault;
