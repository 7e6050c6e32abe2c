package io.github.otelflink.job.config;

import io.github.otelflink.job.config.PipelineConfigLoader.Defined;
import io.github.otelflink.job.exporter.ExporterConfig;
import io.github.otelflink.job.extension.healthcheck.HealthCheckExtensionConfig;
import io.github.otelflink.job.processor.ProcessorConfig;
import io.github.otelflink.job.receiver.ReceiverConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.Nullable;

/**
 * Reads the {@code service} section: resolves each pipeline's references, and warns about
 * components that no pipeline uses.
 */
final class ServiceParser {

    private static final Set<String> OTHER_SIGNALS = Set.of("traces", "logs", "profiles");

    private ServiceParser() {}

    record Result(ServiceConfig service, List<Pipeline> pipelines) {}

    static Result parse(ConfigNode node, Defined defined, Map<ComponentId, ReceiverConfig> receivers,
            Map<ComponentId, ProcessorConfig> processors, Map<ComponentId, ExporterConfig> exporters,
            Map<ComponentId, HealthCheckExtensionConfig> extensions) {
        List<ComponentId> extensionIds = references(node, "extensions", "extension", defined.extensions(), null);
        ConfigNode telemetry = node.object("telemetry");
        ConfigNode metrics = telemetry.object("metrics");
        String address = metrics.hasValue("address") ? Endpoints.hostPort(metrics, "address", "0.0.0.0:8888") : null;
        ServiceConfig.MetricsLevel level =
                metrics.choice("level", ServiceConfig.MetricsLevel.NORMAL, ServiceConfig.MetricsLevel.class);
        metrics.finish();
        ConfigNode logs = telemetry.object("logs");
        if (logs.hasValue("level")) {
            logs.warn("level", "not used: the job logs as Flink's log4j configuration says");
        }
        logs.finish();
        telemetry.finish();

        Map<String, Set<ComponentId>> used = new HashMap<>();
        List<Pipeline> pipelines = new ArrayList<>();
        ConfigNode pipelinesNode = node.object("pipelines");
        for (Map.Entry<String, ConfigNode> entry : pipelinesNode.entries().entrySet()) {
            Pipeline pipeline = pipeline(entry.getKey(), entry.getValue(), defined, receivers, processors, exporters,
                    used);
            if (pipeline != null) {
                pipelines.add(pipeline);
            }
        }
        if (pipelinesNode.entries().isEmpty()) {
            node.error("pipelines", "required: at least one metrics pipeline");
        }
        node.finish();

        warnUnused(node, "receivers", defined.receivers(), used.getOrDefault("receiver", Set.of()));
        warnUnused(node, "processors", defined.processors(), used.getOrDefault("processor", Set.of()));
        warnUnused(node, "exporters", defined.exporters(), used.getOrDefault("exporter", Set.of()));
        Set<ComponentId> usedExtensions = new HashSet<>(extensionIds);
        for (ComponentId id : defined.extensions()) {
            if (!usedExtensions.contains(id)) {
                node.warnAt("extensions." + id, "defined but not listed in service.extensions, so not started");
            }
        }
        return new Result(new ServiceConfig(extensionIds, address, level), pipelines);
    }

    @Nullable
    private static Pipeline pipeline(String key, ConfigNode node, Defined defined,
            Map<ComponentId, ReceiverConfig> receivers, Map<ComponentId, ProcessorConfig> processors,
            Map<ComponentId, ExporterConfig> exporters, Map<String, Set<ComponentId>> used) {
        ComponentId id = ComponentId.parse(key, node);
        if (id == null) {
            return null;
        }
        if (OTHER_SIGNALS.contains(id.type())) {
            node.error(id.type() + " pipelines are not supported: this job handles metrics only");
            return null;
        }
        if (!id.type().equals("metrics")) {
            node.error("unknown signal \"" + id.type() + "\": pipeline ids are metrics or metrics/<name>");
            return null;
        }
        if (!node.isMap()) {
            node.error("expected a map with receivers, processors and exporters, got " + node.describeValue());
            return null;
        }
        List<ComponentId> receiverIds = references(node, "receivers", "receiver", defined.receivers(), used);
        List<ComponentId> processorIds = references(node, "processors", "processor", defined.processors(), used);
        List<ComponentId> exporterIds = references(node, "exporters", "exporter", defined.exporters(), used);
        if (!node.hasValue("receivers")) {
            node.error("receivers", "required: at least one receiver");
        }
        if (!node.hasValue("exporters")) {
            node.error("exporters", "required: at least one exporter");
        }
        node.finish();
        List<ReceiverConfig> resolvedReceivers = resolve(receiverIds, receivers);
        List<ProcessorConfig> resolvedProcessors = resolve(processorIds, processors);
        List<ExporterConfig> resolvedExporters = resolve(exporterIds, exporters);
        if (resolvedReceivers.isEmpty() || resolvedExporters.isEmpty()) {
            return null;
        }
        return new Pipeline(id, resolvedReceivers, resolvedProcessors, resolvedExporters);
    }

    /** Reads a list of ids, each of which must be defined and listed once. */
    private static List<ComponentId> references(
            ConfigNode node, String key, String kind, TreeSet<ComponentId> defined,
            @Nullable Map<String, Set<ComponentId>> used) {
        List<ComponentId> ids = new ArrayList<>();
        List<String> texts = node.stringList(key);
        if (node.hasList(key) && texts.isEmpty()) {
            node.error(key, "must not be empty");
        }
        for (int i = 0; i < texts.size(); i++) {
            String element = key + "[" + i + "]";
            ComponentId id;
            try {
                id = ComponentId.parse(texts.get(i));
            } catch (IllegalArgumentException e) {
                node.error(element, e.getMessage());
                continue;
            }
            if (!defined.contains(id)) {
                String hint = Suggestions.closest(id.toString(), defined.stream().map(ComponentId::toString).toList())
                        .map(s -> " (did you mean " + s + "?)").orElse("");
                node.error(element, "references " + kind + " \"" + id + "\" which is not configured" + hint);
            } else if (ids.contains(id)) {
                node.error(element, "references " + kind + " \"" + id + "\" more than once");
            } else {
                ids.add(id);
                if (used != null) {
                    used.computeIfAbsent(kind, k -> new HashSet<>()).add(id);
                }
            }
        }
        return ids;
    }

    private static <C> List<C> resolve(List<ComponentId> ids, Map<ComponentId, C> configs) {
        List<C> resolved = new ArrayList<>();
        for (ComponentId id : ids) {
            C config = configs.get(id);
            if (config != null) { // null: the component had errors, already reported
                resolved.add(config);
            }
        }
        return resolved;
    }

    private static void warnUnused(ConfigNode node, String section, TreeSet<ComponentId> defined, Set<ComponentId> used) {
        for (ComponentId id : defined) {
            if (!used.contains(id)) {
                node.warnAt(section + "." + id, "defined but not used in any pipeline");
            }
        }
    }
}
