package io.github.otelflink.job.config;

import io.github.otelflink.job.exporter.ExporterConfig;
import io.github.otelflink.job.extension.AuthenticatorConfig;
import io.github.otelflink.job.extension.healthcheck.HealthCheckExtensionConfig;
import io.github.otelflink.job.processor.ProcessorConfig;
import io.github.otelflink.job.receiver.ReceiverConfig;
import io.github.otelflink.job.receiver.otlp.OtlpReceiverConfig;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * A loaded and validated configuration file (see {@link PipelineConfigLoader}). Maps keep
 * the file's order.
 *
 * @param receivers every receiver defined, by id
 * @param processors every processor defined, by id
 * @param exporters every exporter defined, by id
 * @param extensions every {@code health_check} extension defined, by id
 * @param authenticators every client authenticator extension ({@code basicauth}, {@code bearertokenauth})
 *     defined, by id; exporters that name one already carry its credentials
 * @param service the service section apart from pipelines
 * @param pipelines the pipelines in file order, with their components resolved
 * @param warnings things that load but deserve attention ({@code path: message}), such as
 *     components no pipeline uses
 */
public record PipelineConfig(
        Map<ComponentId, ReceiverConfig> receivers,
        Map<ComponentId, ProcessorConfig> processors,
        Map<ComponentId, ExporterConfig> exporters,
        Map<ComponentId, HealthCheckExtensionConfig> extensions,
        Map<ComponentId, AuthenticatorConfig> authenticators,
        ServiceConfig service,
        List<Pipeline> pipelines,
        List<String> warnings)
        implements Serializable {

    public PipelineConfig {
        receivers = Collections.unmodifiableMap(new LinkedHashMap<>(receivers));
        processors = Collections.unmodifiableMap(new LinkedHashMap<>(processors));
        exporters = Collections.unmodifiableMap(new LinkedHashMap<>(exporters));
        extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
        authenticators = Collections.unmodifiableMap(new LinkedHashMap<>(authenticators));
        pipelines = List.copyOf(pipelines);
        warnings = List.copyOf(warnings);
    }

    /** The pipeline with this id ({@code metrics}, {@code metrics/tenant1}). */
    public Optional<Pipeline> pipeline(String id) {
        return pipelines.stream().filter(pipeline -> pipeline.id().toString().equals(id)).findFirst();
    }

    /**
     * The receiver with this id, as its config type.
     *
     * @throws NoSuchElementException when there is none
     * @throws ClassCastException when it is of another type
     */
    public <T extends ReceiverConfig> T receiver(String id, Class<T> type) {
        return type.cast(find(receivers, id, "receiver"));
    }

    /** The processor with this id, as its config type; see {@link #receiver}. */
    public <T extends ProcessorConfig> T processor(String id, Class<T> type) {
        return type.cast(find(processors, id, "processor"));
    }

    /** The exporter with this id, as its config type; see {@link #receiver}. */
    public <T extends ExporterConfig> T exporter(String id, Class<T> type) {
        return type.cast(find(exporters, id, "exporter"));
    }

    private static <T> T find(Map<ComponentId, T> components, String id, String kind) {
        T component = components.get(ComponentId.parse(id));
        if (component == null) {
            throw new NoSuchElementException("no " + kind + " \"" + id + "\"");
        }
        return component;
    }

    /**
     * Whether a {@code health_check} extension listed in {@code service.extensions} has something
     * to run on: it is served with the OTLP ingress, so a pipeline needs an {@code otlp} receiver.
     */
    public boolean servesHealthCheck() {
        return pipelines.stream().flatMap(p -> p.receivers().stream())
                .anyMatch(r -> r instanceof OtlpReceiverConfig);
    }

    /**
     * What the job will run, for {@code --validate}: each pipeline's flow, then each of its
     * components with a summary of its settings, then the service settings and warnings.
     */
    public String describePlan() {
        return PlanFormatter.format(this);
    }
}
