package io.github.otelflink.job.pipeline;

import io.github.otelflink.job.exporter.prometheusremotewrite.translate.OtlpTranslator;
import io.github.otelflink.job.exporter.prometheusremotewrite.translate.TranslationConfig;
import io.github.otelflink.job.series.SeriesBatch;
import io.github.otelflink.job.series.ShardLayout;

import org.apache.flink.api.common.functions.util.ListCollector;

import java.util.ArrayList;
import java.util.List;

/**
 * The translating task's work on an undecoded request without Flink around it, for bench's {@code
 * PipelineStagesBenchmark}: {@link OtlpTranslator} read from the bytes into {@link SeriesBatcher},
 * one batch per shard, as {@link TranslateFunction} does for an exporter with the default
 * translation and no processors, relabeling or tenants. Lives in the job's package (in the bench
 * module) because the batcher is package-private.
 */
public final class TranslateStage {
    private final OtlpTranslator translator = new OtlpTranslator(TranslationConfig.defaults());
    private final SeriesBatcher batcher;

    public TranslateStage(ShardLayout layout) {
        batcher = new SeriesBatcher(layout);
    }

    /** The request's batches, one per shard that got a series, stamped with {@code arrivalMs}. */
    public List<SeriesBatch> translate(byte[] body, long arrivalMs) {
        translator.translate(body, 0, body.length, (series, delta) -> batcher.add(series, delta, arrivalMs));
        List<SeriesBatch> batches = new ArrayList<>();
        batcher.flush(new ListCollector<>(batches));
        return batches;
    }
}
