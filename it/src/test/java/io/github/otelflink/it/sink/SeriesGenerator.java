package io.github.otelflink.it.sink;

import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;

import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * Record {@code i} is sample {@code i / seriesCount} of series {@code i % seriesCount}: timestamp
 * {@code baseMs + k × 1000}, value {@code k}. Deterministic, so a replay after a restore produces
 * exactly the samples sent before it, as the pipeline's translation does. Labels are given out of
 * order on purpose: the sink must sort them.
 */
final class SeriesGenerator implements GeneratorFunction<Long, TimeSeries> {
    private static final long serialVersionUID = 1L;

    private final String metric;
    private final int seriesCount;
    private final long baseMs;

    SeriesGenerator(String metric, int seriesCount, long baseMs) {
        this.metric = metric;
        this.seriesCount = seriesCount;
        this.baseMs = baseMs;
    }

    @Override
    public TimeSeries map(Long index) {
        int series = (int) (index % seriesCount);
        long k = index / seriesCount;
        Labels labels = Labels.of("series", "s" + series, "__name__", metric, "job", "it");
        return TimeSeries.ofSample(labels, baseMs + k * 1000, k);
    }
}
