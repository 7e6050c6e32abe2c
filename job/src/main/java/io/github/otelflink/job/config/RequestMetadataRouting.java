package io.github.otelflink.job.config;

import io.github.otelflink.job.exporter.ExporterConfig;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig;
import io.github.otelflink.job.exporter.prometheusremotewrite.TenantRoutingConfig;
import io.github.otelflink.job.extension.headerssetter.HeaderAction;
import io.github.otelflink.job.extension.headerssetter.HeadersSetterExtensionConfig;
import io.github.otelflink.job.processor.ProcessorConfig;
import io.github.otelflink.job.processor.resource.AttributeAction;
import io.github.otelflink.job.processor.resource.ResourceProcessorConfig;
import io.github.otelflink.job.receiver.ReceiverConfig;
import io.github.otelflink.job.receiver.otlp.OtlpReceiverConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.annotation.Nullable;

/**
 * Ties {@code from_context} (the client's request metadata) to the receivers that capture it:
 * turns a {@code headers_setter} entry {@code from_context} into the exporter's tenant routing,
 * refuses a tenant {@code from_context} whose pipeline has no receiver with {@code
 * include_metadata}, and tells each OTLP receiver which metadata keys its pipelines read (only
 * those are captured).
 */
final class RequestMetadataRouting {

    private static final String METADATA_PREFIX = "metadata.";

    private RequestMetadataRouting() {}

    /**
     * The exporter with the tenant routing its {@code headers_setter}'s {@code from_context} entry
     * means (each request carries one tenant in that header); itself when there is none, or with an
     * error on {@code authPath} when it has tenant routing already.
     */
    static PrometheusRemoteWriteExporterConfig tenantFromHeadersSetter(ConfigContext context,
            PrometheusRemoteWriteExporterConfig exporter, HeadersSetterExtensionConfig setter, String authPath) {
        HeaderAction entry = setter.fromContext();
        if (entry == null) {
            return exporter;
        }
        String where = "\"" + setter.id() + "\" sets " + entry.key() + " from_context " + entry.fromContext();
        TenantRoutingConfig tenant = exporter.tenant();
        if (tenant != null && tenant.header().equalsIgnoreCase(entry.key())) {
            context.error(authPath, where + ", and exporters." + exporter.id() + ".tenant routes by tenant into "
                    + tenant.header() + " too: take the tenant from one place (the headers_setter entry, or"
                    + " tenant.from_context for max_tenants)");
            return exporter;
        }
        if (tenant != null) {
            context.error(authPath, where + ", but only the tenant header (exporters." + exporter.id()
                    + ".tenant.header: " + tenant.header() + ") can be taken per request: a second per-request header"
                    + " would need requests split by both values, which is not supported");
            return exporter;
        }
        TenantRoutingConfig routing = TenantRoutingConfig.fromContext(entry.fromContext(), entry.key(),
                entry.defaultValue() == null ? TenantRoutingConfig.DEFAULT_TENANT : entry.defaultValue(),
                TenantRoutingConfig.DEFAULT_MAX_TENANTS);
        return new PrometheusRemoteWriteExporterConfig(exporter.id(), exporter.client(), exporter.sending(),
                exporter.translation(), exporter.metricRelabels(), exporter.ordering(), routing);
    }

    /**
     * Checks every {@code from_context} against the receivers of its pipelines and returns the
     * pipelines with their OTLP receivers told which metadata keys to capture ({@code receivers}
     * gets the same receivers).
     */
    static List<Pipeline> apply(ConfigContext context, Map<ComponentId, ReceiverConfig> receivers,
            List<Pipeline> pipelines) {
        Map<ComponentId, Set<String>> keys = new HashMap<>();
        for (Pipeline pipeline : pipelines) {
            List<OtlpReceiverConfig> carrying = pipeline.receivers().stream()
                    .filter(r -> r instanceof OtlpReceiverConfig otlp && otlp.includesMetadata())
                    .map(r -> (OtlpReceiverConfig) r).toList();
            for (String key : neededKeys(context, pipeline, carrying)) {
                for (OtlpReceiverConfig receiver : carrying) {
                    keys.computeIfAbsent(receiver.id(), id -> new TreeSet<>()).add(key);
                }
            }
        }
        for (Map.Entry<ComponentId, ReceiverConfig> entry : receivers.entrySet()) {
            if (entry.getValue() instanceof OtlpReceiverConfig otlp && keys.containsKey(entry.getKey())) {
                entry.setValue(otlp.withMetadataKeys(keys.get(entry.getKey())));
            }
        }
        List<Pipeline> out = new ArrayList<>();
        for (Pipeline p : pipelines) {
            out.add(new Pipeline(p.id(), p.receivers().stream().map(r -> receivers.getOrDefault(r.id(), r)).toList(),
                    p.processors(), p.exporters()));
        }
        return out;
    }

    /** The metadata keys (lower case) the pipeline reads; refuses or warns where none can arrive. */
    private static Set<String> neededKeys(ConfigContext context, Pipeline pipeline, List<OtlpReceiverConfig> carrying) {
        Set<String> keys = new TreeSet<>();
        for (ExporterConfig exporter : pipeline.exporters()) {
            if (!(exporter instanceof PrometheusRemoteWriteExporterConfig prw) || prw.tenant() == null
                    || prw.tenant().fromContext() == null) {
                continue;
            }
            String key = prw.tenant().fromContext();
            String path = fromHeadersSetter(prw) ? "exporters." + prw.id() + ".auth.authenticator"
                    : "exporters." + prw.id() + ".tenant.from_context";
            String what = "takes the tenant from the client's request header " + key;
            if (carrying.isEmpty()) {
                context.error(path, what + ", but no receiver of pipeline " + pipeline.id()
                        + " keeps request metadata: " + howToKeep(pipeline));
                continue;
            }
            keys.add(key.toLowerCase(Locale.ROOT));
            String without = withoutMetadata(pipeline);
            if (without != null) {
                context.warn(path, what + ": data from " + without + " carries no request metadata and goes to the"
                        + " default tenant \"" + prw.tenant().defaultTenant() + "\"");
            }
        }
        for (ProcessorConfig processor : pipeline.processors()) {
            if (!(processor instanceof ResourceProcessorConfig resource)) {
                continue;
            }
            for (int i = 0; i < resource.attributes().size(); i++) {
                AttributeAction action = resource.attributes().get(i);
                String key = metadataKey(action.fromContext());
                if (key == null) {
                    continue;
                }
                if (carrying.isEmpty()) {
                    context.warn("processors." + resource.id() + ".attributes[" + i + "].from_context",
                            "no receiver of pipeline " + pipeline.id() + " keeps request metadata, so this finds"
                                    + " nothing: " + howToKeep(pipeline));
                } else {
                    keys.add(key);
                }
            }
        }
        return keys;
    }

    /** The metadata key a resource processor's from_context reads (lower case), or null for none or auth data. */
    @Nullable
    private static String metadataKey(@Nullable String fromContext) {
        if (fromContext == null || fromContext.isEmpty() || fromContext.startsWith("auth.")
                || fromContext.equals("client.address")) {
            return null;
        }
        String name = fromContext.startsWith(METADATA_PREFIX) ? fromContext.substring(METADATA_PREFIX.length())
                : fromContext;
        return name.toLowerCase(Locale.ROOT);
    }

    private static boolean fromHeadersSetter(PrometheusRemoteWriteExporterConfig exporter) {
        return exporter.client().auth().extension() instanceof HeadersSetterExtensionConfig setter
                && setter.fromContext() != null;
    }

    private static String howToKeep(Pipeline pipeline) {
        List<String> otlp = pipeline.receivers().stream().filter(r -> r instanceof OtlpReceiverConfig)
                .map(r -> "receivers." + r.id() + ".protocols.<http|grpc>.include_metadata: true").toList();
        if (otlp.isEmpty()) {
            return "its receivers (" + ids(pipeline.receivers()) + ") carry none; only an otlp receiver with"
                    + " include_metadata: true does";
        }
        return "set " + String.join(", ", otlp);
    }

    /** The receivers (or protocols) of the pipeline that carry no metadata, or null when all do. */
    @Nullable
    private static String withoutMetadata(Pipeline pipeline) {
        List<String> without = new ArrayList<>();
        for (ReceiverConfig receiver : pipeline.receivers()) {
            if (receiver instanceof OtlpReceiverConfig otlp) {
                if (otlp.grpc() != null && !otlp.grpc().includeMetadata()) {
                    without.add("receivers." + otlp.id() + ".protocols.grpc");
                }
                if (otlp.http() != null && !otlp.http().includeMetadata()) {
                    without.add("receivers." + otlp.id() + ".protocols.http");
                }
            } else {
                without.add("receivers." + receiver.id());
            }
        }
        return without.isEmpty() ? null : String.join(", ", without);
    }

    private static String ids(List<ReceiverConfig> receivers) {
        return receivers.stream().map(r -> r.id().toString()).collect(Collectors.joining(", "));
    }
}
