package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import io.github.otelflink.sink.remotewrite.model.TimeSeries;

/** Receives the series of a translation, one call per series per data point. */
@FunctionalInterface
public interface TranslatedSeriesConsumer {
    /**
     * @param series one series with one point (sample or native histogram), its exemplars and,
     *     with {@code send_metadata}, its family's metadata
     * @param delta true when the point is the change since the previous point of its series
     *     (AggregationTemporality DELTA sums, histograms and exponential histograms), for the keyed
     *     step to add up into a cumulative total; false when the value is already what Prometheus
     *     stores. A delta series can carry a stale marker ({@code StaleNaN} sample, or a native
     *     histogram whose sum is {@code StaleNaN}); that is to be forwarded, not added.
     */
    void accept(TimeSeries series, boolean delta);
}
