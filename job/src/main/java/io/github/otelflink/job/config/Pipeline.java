package io.github.otelflink.job.config;

import io.github.otelflink.job.exporter.ExporterConfig;
import io.github.otelflink.job.processor.ProcessorConfig;
import io.github.otelflink.job.processor.batch.BatchProcessorConfig;
import io.github.otelflink.job.receiver.ReceiverConfig;
import java.io.Serializable;
import java.util.List;
import java.util.stream.Collectors;
import javax.annotation.Nullable;

/**
 * One metrics pipeline with its components resolved: data from any of the receivers goes
 * through the processors in order, then to every exporter. A receiver may feed several
 * pipelines; each pipeline has its own instances of its processors.
 *
 * @param id {@code metrics} or {@code metrics/name}
 * @param receivers where data comes from, not empty
 * @param processors applied in this order, possibly empty
 * @param exporters where data goes, not empty
 */
public record Pipeline(
        ComponentId id, List<ReceiverConfig> receivers, List<ProcessorConfig> processors, List<ExporterConfig> exporters)
        implements Serializable {

    public Pipeline {
        receivers = List.copyOf(receivers);
        processors = List.copyOf(processors);
        exporters = List.copyOf(exporters);
    }

    /** The pipeline's batch processor (the first, should there be two), or null. */
    @Nullable
    public BatchProcessorConfig batch() {
        for (ProcessorConfig p : processors) {
            if (p instanceof BatchProcessorConfig b) {
                return b;
            }
        }
        return null;
    }

    /** {@code otlp, prometheus/self -> memory_limiter -> batch -> prometheusremotewrite, debug}. */
    public String describeFlow() {
        StringBuilder out = new StringBuilder(ids(receivers));
        for (ProcessorConfig processor : processors) {
            out.append(" -> ").append(processor.id());
        }
        return out.append(" -> ").append(ids(exporters)).toString();
    }

    private static String ids(List<? extends ComponentConfig> components) {
        return components.stream().map(component -> component.id().toString()).collect(Collectors.joining(", "));
    }
}
