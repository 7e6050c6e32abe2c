/**
 * OTLP metrics to Prometheus remote-write series, as the OpenTelemetry Collector's
 * {@code prometheusremotewrite} exporter translates them.
 *
 * <p>Entry point: {@link io.github.otelflink.job.translate.OtlpTranslator} with a
 * {@link io.github.otelflink.job.translate.TranslationConfig}; series go to a
 * {@link io.github.otelflink.job.translate.TranslatedSeriesConsumer}, flagged when they carry
 * a DELTA point.
 */
@ParametersAreNonnullByDefault
package io.github.otelflink.job.translate;

import javax.annotation.ParametersAreNonnullByDefault;
